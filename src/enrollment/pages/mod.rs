mod enroll;
mod my_trainings;

pub use enroll::EnrollPage;
pub use my_trainings::MyTrainingsPage;
