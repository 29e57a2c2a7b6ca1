mod use_language;
mod use_route;

pub use use_language::use_language;
pub use use_route::use_route;
