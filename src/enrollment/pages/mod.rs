mod calendar_feed;
mod enroll;
mod my_trainings;
mod transfer;

pub use enroll::EnrollPage;
pub use my_trainings::MyTrainingsPage;
pub use transfer::TransferPage;
