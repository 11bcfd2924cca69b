//! A small page-flowing writer over `pdf-writer`: A4 pages, Helvetica (a standard PDF font, so
//! text is real, searchable text and no font file is embedded), lines and JPEG images.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

pub const PAGE_W: f32 = 595.0;
pub const PAGE_H: f32 = 842.0;
pub const MARGIN: f32 = 48.0;
const FONT: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// A JPEG placed on some page (written as an image XObject with DCTDecode, not re-encoded).
struct Image {
    id: Ref,
    name: String,
    jpeg: Vec<u8>,
    width: u32,
    height: u32,
    gray: bool,
}

struct Page {
    content: Content,
    images: Vec<usize>,
}

pub struct Canvas {
    pages: Vec<Page>,
    images: Vec<Image>,
    next_ref: i32,
    /// The cursor: the baseline of the next line, from the bottom of the page.
    pub y: f32,
}

/// Helvetica is set in WinAnsi: ASCII and Latin-1 pass through, anything else becomes '?'.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            code @ (0x20..=0x7e | 0xa0..=0xff) => u8::try_from(code).unwrap_or(b'?'),
            _ => b'?',
        })
        .collect()
}

impl Canvas {
    pub fn new() -> Self {
        // 1 catalog, 2 page tree, 3 and 4 fonts, 5 info; the rest are handed out in order.
        let mut canvas = Self { pages: Vec::new(), images: Vec::new(), next_ref: 6, y: 0.0 };
        canvas.new_page();
        canvas
    }

    fn alloc(&mut self) -> Ref {
        let id = Ref::new(self.next_ref);
        self.next_ref += 1;
        id
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page { content: Content::new(), images: Vec::new() });
        self.y = PAGE_H - MARGIN;
    }

    /// Starts a new page unless `height` points still fit above the bottom margin.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.new_page();
        }
    }

    fn content(&mut self) -> &mut Content {
        // `new` pushes the first page and pages are never removed.
        let last = self.pages.len() - 1;
        &mut self.pages[last].content
    }

    pub fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let bytes = win_ansi(text);
        let c = self.content();
        c.begin_text();
        c.set_font(if bold { BOLD } else { FONT }, size);
        c.next_line(x, y);
        c.show(Str(&bytes));
        c.end_text();
    }

    /// A line of text at the cursor, which then moves down by `size * 1.4`.
    pub fn line(&mut self, size: f32, bold: bool, text: &str) {
        self.ensure(size * 1.4);
        self.text_at(MARGIN, self.y, size, bold, text);
        self.y -= size * 1.4;
    }

    pub fn gap(&mut self, height: f32) {
        self.y -= height;
    }

    pub fn stroke_rgb(&mut self, rgb: [f32; 3], width: f32) {
        self.content().set_stroke_rgb(rgb[0], rgb[1], rgb[2]).set_line_width(width);
    }

    /// A vector polyline (drawn, not rasterised).
    pub fn polyline(&mut self, points: &[(f32, f32)]) {
        let Some((first, rest)) = points.split_first() else { return };
        let c = self.content();
        c.move_to(first.0, first.1);
        for p in rest {
            c.line_to(p.0, p.1);
        }
        c.stroke();
    }

    pub fn fill_rect(&mut self, rgb: [f32; 3], x: f32, y: f32, w: f32, h: f32) {
        let c = self.content();
        c.set_fill_rgb(rgb[0], rgb[1], rgb[2]).rect(x, y, w, h).fill_nonzero();
        c.set_fill_rgb(0.0, 0.0, 0.0);
    }

    /// Draws a JPEG (`width` x `height` pixels, 1 or 3 components) into the box at (x, y).
    #[allow(clippy::too_many_arguments)]
    pub fn jpeg(
        &mut self,
        jpeg: Vec<u8>,
        px: (u32, u32),
        gray: bool,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    ) {
        let id = self.alloc();
        let name = format!("Im{}", self.images.len() + 1);
        self.images.push(Image { id, name: name.clone(), jpeg, width: px.0, height: px.1, gray });
        let index = self.images.len() - 1;
        let last = self.pages.len() - 1;
        self.pages[last].images.push(index);
        let c = self.content();
        c.save_state();
        c.transform([w, 0.0, 0.0, h, x, y]);
        c.x_object(Name(name.as_bytes()));
        c.restore_state();
    }

    pub fn finish(mut self, title: &str) -> Vec<u8> {
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let (font, bold, info) = (Ref::new(3), Ref::new(4), Ref::new(5));
        let ids: Vec<(Ref, Ref)> =
            (0..self.pages.len()).map(|_| (self.alloc(), self.alloc())).collect();
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids(ids.iter().map(|(page, _)| *page)).count(ids.len() as i32);
        pdf.type1_font(font)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold)
            .base_font(Name(b"Helvetica-Bold"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.document_info(info).title(TextStr(title)).producer(TextStr("Afterglow"));
        for (page, (page_id, content_id)) in self.pages.into_iter().zip(&ids) {
            let mut p = pdf.page(*page_id);
            p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
            p.parent(tree);
            p.contents(*content_id);
            let mut resources = p.resources();
            resources.fonts().pair(FONT, font).pair(BOLD, bold);
            let mut objects = resources.x_objects();
            for index in &page.images {
                let image = &self.images[*index];
                objects.pair(Name(image.name.as_bytes()), image.id);
            }
            objects.finish();
            resources.finish();
            p.finish();
            pdf.stream(*content_id, &page.content.finish());
        }
        for image in &self.images {
            let mut x = pdf.image_xobject(image.id, &image.jpeg);
            x.filter(Filter::DctDecode);
            x.width(image.width as i32);
            x.height(image.height as i32);
            if image.gray {
                x.color_space().device_gray();
            } else {
                x.color_space().device_rgb();
            }
            x.bits_per_component(8);
            x.finish();
        }
        pdf.finish()
    }
}
