//! Where a job stands, as the `jobs.status` column holds it.

/// A job's life: pending until a worker claims it (running), then done, or
/// failed and waiting for another attempt, or dead after its last attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStatus {
    Pending,
    Running,
    Failed,
    Dead,
    Done,
}

impl JobStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Running,
        Self::Failed,
        Self::Dead,
        Self::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Failed => "failed",
            Self::Dead => "dead",
            Self::Done => "done",
        }
    }

    pub fn from_column(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
    }

    /// An admin may put a failed or dead job back in line.
    pub fn can_retry(self) -> bool {
        matches!(self, Self::Failed | Self::Dead)
    }
}

/// Read from the column by `#[sqlx(try_from = "String")]`.
impl TryFrom<String> for JobStatus {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::from_column(&value).ok_or_else(|| format!("unknown job status {value:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_column_value() {
        for status in JobStatus::ALL {
            assert_eq!(JobStatus::try_from(status.as_str().to_owned()), Ok(status));
        }
        assert!(JobStatus::try_from("finished".to_owned()).is_err());
        assert!(JobStatus::Dead.can_retry() && !JobStatus::Done.can_retry());
    }
}
