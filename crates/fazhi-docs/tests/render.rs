//! Black-box tests of the renderers: one test binary, a module per output.

mod render {
    pub mod chart;
    pub mod docx;
    pub mod formats;
    pub mod support;
}
