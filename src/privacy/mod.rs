//! A learner's rights over their data: a copy of everything Kurso holds about
//! them (`/account/data.json`), and deleting their account, which erases what
//! identifies them while the runs they took part in keep true counts.
//!
//! It sits above the features whose data it gathers and erases: accounts,
//! enrollment (places, calendar feeds) and contact (enquiries sent from the
//! same address).

mod page;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod erase;
#[cfg(feature = "ssr")]
pub mod export;

pub use page::DataRightsPage;
