fn main() {
    let path = std::env::args().nth(1).expect("path");
    let wb = hedui::read::read(std::path::Path::new(&path), Default::default()).expect("read");
    for sheet in &wb.sheets {
        for t in hedui::locate::indicator_tables(sheet) {
            println!("== {} {:?} {:?}", t.sheet, t.range, t.layout);
            for (i, l) in t.lines.iter().enumerate() {
                println!(
                    "  line {i} {:?} {:?} parts={:?}",
                    l.entity, l.label, l.parts
                );
            }
            for h in &t.headers {
                println!("  header {} {:?} {:?}", h.cell.a1(), h.normalized, h.kind);
            }
            for m in &t.measurements {
                println!(
                    "  m line={} {:?} canon={:?} t={:?} d={:?} r={:?} c={:?} p={:?}",
                    m.line,
                    m.indicator,
                    m.canonical,
                    m.target.map(|c| c.a1()),
                    m.done.map(|c| c.a1()),
                    m.rate.map(|c| c.a1()),
                    m.count.map(|c| c.a1()),
                    m.periods.iter().map(|c| c.a1()).collect::<Vec<_>>()
                );
            }
        }
    }
}
