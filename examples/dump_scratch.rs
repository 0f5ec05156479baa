fn main() {
    for p in std::env::args().skip(1) {
        let c = hedui::check_file(std::path::Path::new(&p), &hedui::Options::default()).unwrap();
        for t in &c.indicators {
            println!("table {} {:?}", t.table.sheet, t.table.layout);
            for h in &t.table.headers {
                println!("  h {} {:?} {:?}", h.cell.a1(), h.raw, h.kind);
            }
            for m in &t.table.measurements {
                let v = |c: Option<hedui::workbook::CellRef>| {
                    c.map(|c| format!("{}={:?}", c.a1(), t.values.get(&c)))
                };
                println!(
                    "  m line{} {} t={:?} d={:?} r={:?} c={:?}",
                    m.line,
                    m.indicator,
                    v(m.target),
                    v(m.done),
                    v(m.rate),
                    v(m.count)
                );
            }
        }
        for f in &c.report.findings {
            println!(
                "  F {} {} {}",
                f.rule.code(),
                f.location.cell.a1(),
                f.message.zh
            );
        }
    }
}
