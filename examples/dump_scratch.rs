fn main() {
    for p in std::env::args().skip(1) {
        let d = hedui::document::read(std::path::Path::new(&p), 1 << 30).unwrap();
        for para in &d.paragraphs {
            println!("{:?} {} {}", para.page, para.number, para.text);
        }
    }
}
