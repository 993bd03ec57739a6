//! The demo catalog: what a Philippine IT training provider offers. Prices are
//! in pesos here (stored as centavos).

/// (slug, name, description)
pub const CATEGORIES: [(&str, &str, &str); 8] = [
    (
        "cloud",
        "Cloud computing",
        "AWS, Microsoft Azure and Google Cloud, from first steps to specialty certifications.",
    ),
    (
        "cybersecurity",
        "Cybersecurity",
        "Defend networks and applications; prepare for CompTIA, EC-Council and ISC2 exams.",
    ),
    (
        "programming",
        "Programming",
        "Python, Java, JavaScript and modern web development, hands on from day one.",
    ),
    (
        "data",
        "Data and AI",
        "SQL, analytics, Power BI and machine learning for people who work with data.",
    ),
    (
        "networking",
        "Networking",
        "Cisco, routing, switching and wireless: the skills behind every network.",
    ),
    (
        "project-management",
        "Project management",
        "PMP, CAPM and practical project delivery for IT teams.",
    ),
    (
        "itil-agile",
        "ITIL and Agile",
        "ITIL 4 service management, Scrum and scaled agile frameworks.",
    ),
    (
        "soft-skills",
        "Soft skills",
        "Leadership, communication and effectiveness for technical professionals.",
    ),
];

/// (name, city, address)
pub const VENUES: [(&str, &str, &str); 4] = [
    (
        "Makati Training Center",
        "Metro Manila",
        "7F Ayala Tower One, Ayala Avenue, Makati City",
    ),
    (
        "BGC Learning Hub",
        "Metro Manila",
        "12F One World Square, McKinley Hill, Taguig City (BGC)",
    ),
    (
        "Ortigas Campus",
        "Metro Manila",
        "18F Tektite East Tower, Exchange Road, Ortigas Center, Pasig City",
    ),
    (
        "Cebu IT Park Center",
        "Cebu City",
        "5F eBloc Tower 3, Cebu IT Park, Lahug, Cebu City",
    ),
];

/// (name, credentials, bio)
pub const TRAINERS: [(&str, &str, &str); 10] = [
    (
        "Carlo Villanueva",
        "AWS Certified Security – Specialty, AWS Solutions Architect – Professional",
        "Fifteen years designing cloud platforms for banks and BPOs in Makati.",
    ),
    (
        "Bea Dizon",
        "CISSP, CompTIA Security+, CEH",
        "Former SOC lead who now teaches defenders how attackers think.",
    ),
    (
        "Miguel Ramos",
        "Microsoft Certified: Azure Solutions Architect Expert",
        "Runs Azure migrations for Philippine enterprises and teaches what he ships.",
    ),
    (
        "Patricia Uy",
        "PMP, PMI-ACP, Certified ScrumMaster",
        "Delivered government and telco IT projects for a decade.",
    ),
    (
        "Rafael Cruz",
        "CCNP Enterprise, CCNA",
        "Network engineer who has built campus networks from Cebu to Davao.",
    ),
    (
        "Angela Bautista",
        "Google Cloud Professional Data Engineer, Microsoft Certified: Power BI Data Analyst",
        "Helps analysts turn spreadsheets into dashboards and models.",
    ),
    (
        "Joshua Tan",
        "Python Institute PCPP, Oracle Certified Professional Java SE",
        "Senior developer and mentor to two generations of Cebu developers.",
    ),
    (
        "Kristine Mendoza",
        "ITIL 4 Managing Professional, SAFe Program Consultant",
        "Service management consultant for shared-services centres.",
    ),
    (
        "Paolo Garcia",
        "Certified Kubernetes Administrator, HashiCorp Terraform Associate",
        "Platform engineer who automates everything twice.",
    ),
    (
        "Liza Fernandez",
        "FranklinCovey Certified Facilitator",
        "Leadership coach for engineering managers across Southeast Asia.",
    ),
];

pub struct DemoCourse {
    pub category: &'static str,
    pub code: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub level: &'static str,
    pub hours: i64,
    pub price_pesos: i64,
    pub certification: (&'static str, &'static str),
    pub modules: &'static [&'static str],
    pub featured: bool,
}

macro_rules! course {
    ($category:expr, $code:expr, $title:expr, $summary:expr, $level:expr, $hours:expr, $price:expr, ($cert:expr, $vendor:expr), [$($module:expr),* $(,)?] $(, $featured:expr)?) => {
        DemoCourse {
            category: $category, code: $code, title: $title, summary: $summary, level: $level,
            hours: $hours, price_pesos: $price, certification: ($cert, $vendor),
            modules: &[$($module),*], featured: false $(|| $featured)?,
        }
    };
}

pub const COURSES: &[DemoCourse] = &[
    // Cloud
    course!("cloud", "AWS-SEC", "AWS Security Specialty", "Secure AWS workloads with IAM, KMS, GuardDuty and Security Hub, and prepare for the Security – Specialty exam.", "advanced", 24, 38_500, ("AWS Certified Security – Specialty", "Amazon Web Services"), ["Identity and access management in depth", "Data protection with KMS and CloudHSM", "Logging, monitoring and incident response", "Infrastructure security and VPC design", "Exam strategy and practice questions"], true),
    course!("cloud", "AWS-CP", "AWS Cloud Practitioner Essentials", "Understand the AWS cloud, its core services, pricing and shared responsibility, ready for the Cloud Practitioner exam.", "beginner", 8, 9_500, ("AWS Certified Cloud Practitioner", "Amazon Web Services"), ["Cloud concepts and the AWS global infrastructure", "Compute, storage and databases", "Security and the shared responsibility model", "Billing, pricing and support"]),
    course!("cloud", "AWS-SAA", "Architecting on AWS", "Design resilient, high-performing and cost-optimised architectures on AWS.", "intermediate", 24, 32_000, ("AWS Certified Solutions Architect – Associate", "Amazon Web Services"), ["Well-Architected Framework", "Networking with VPC and Route 53", "High availability and disaster recovery", "Serverless and containers", "Cost optimisation"], true),
    course!("cloud", "AZ-900", "Microsoft Azure Fundamentals", "Learn cloud concepts and the core Azure services, governance and pricing.", "beginner", 8, 9_000, ("Microsoft Certified: Azure Fundamentals", "Microsoft"), ["Cloud concepts", "Core Azure architecture", "Azure compute, networking and storage", "Governance and cost management"]),
    course!("cloud", "AZ-104", "Microsoft Azure Administrator", "Manage Azure identities, storage, compute and virtual networks in production.", "intermediate", 32, 36_000, ("Microsoft Certified: Azure Administrator Associate", "Microsoft"), ["Microsoft Entra ID and governance", "Storage accounts and data protection", "Virtual machines and scale sets", "Virtual networking", "Monitoring and backup"]),
    course!("cloud", "GCP-ACE", "Google Cloud Associate Cloud Engineer", "Deploy and operate applications on Google Cloud with confidence.", "intermediate", 24, 30_000, ("Associate Cloud Engineer", "Google Cloud"), ["Projects, IAM and billing", "Compute Engine and GKE", "Cloud Storage and databases", "Operations and monitoring"]),
    course!("cloud", "K8S-CKA", "Kubernetes Administration", "Install, configure and troubleshoot Kubernetes clusters; prepare for the CKA exam.", "advanced", 24, 34_000, ("Certified Kubernetes Administrator", "The Linux Foundation"), ["Cluster architecture and installation", "Workloads and scheduling", "Services and networking", "Storage", "Troubleshooting clusters"], true),
    course!("cloud", "TF-ASC", "Terraform Infrastructure as Code", "Build, change and version cloud infrastructure safely with Terraform.", "intermediate", 16, 21_000, ("HashiCorp Certified: Terraform Associate", "HashiCorp"), ["Terraform workflow and state", "Modules and reuse", "Working with AWS and Azure providers", "Team workflows and CI"]),
    // Cybersecurity
    course!("cybersecurity", "SEC-PLUS", "CompTIA Security+", "The foundation of a cybersecurity career: threats, architecture, operations and governance.", "beginner", 40, 32_500, ("CompTIA Security+", "CompTIA"), ["Threats, attacks and vulnerabilities", "Security architecture", "Security operations", "Governance, risk and compliance", "Exam preparation"], true),
    course!("cybersecurity", "CEH", "Certified Ethical Hacker", "Think like an attacker: reconnaissance, exploitation and defence in a hands-on lab.", "intermediate", 40, 58_000, ("Certified Ethical Hacker (CEH)", "EC-Council"), ["Footprinting and reconnaissance", "Scanning and enumeration", "System hacking and malware", "Web application attacks", "Cloud and IoT security"]),
    course!("cybersecurity", "CISSP", "CISSP Exam Preparation", "Eight domains of the CISSP common body of knowledge for experienced security professionals.", "advanced", 40, 65_000, ("CISSP", "ISC2"), ["Security and risk management", "Asset and architecture security", "Network security", "Identity and access management", "Security operations and software security"]),
    course!("cybersecurity", "SOC-101", "Security Operations Center Analyst", "Monitor, triage and respond to incidents with SIEM tools used in Philippine SOCs.", "intermediate", 24, 27_000, ("", ""), ["The SOC and its playbooks", "Log sources and SIEM queries", "Alert triage", "Incident response drills"]),
    course!("cybersecurity", "DPA-PH", "Data Privacy Act Compliance", "Apply the Philippine Data Privacy Act of 2012 and NPC circulars in IT operations.", "beginner", 8, 8_500, ("", ""), ["The Data Privacy Act and NPC rules", "Privacy impact assessments", "Breach management", "Data protection officer duties"]),
    course!("cybersecurity", "OWASP-DEV", "Secure Coding with the OWASP Top 10", "Find and fix the vulnerabilities attackers use most, in real code.", "intermediate", 16, 19_500, ("", ""), ["Injection and broken access control", "Authentication and session security", "Cryptography done right", "Secure design and threat modelling"]),
    // Programming
    course!("programming", "PY-101", "Python Programming Fundamentals", "Write clean Python from the first day: data types, functions, files and testing.", "beginner", 24, 18_000, ("PCEP – Certified Entry-Level Python Programmer", "Python Institute"), ["Python syntax and data types", "Control flow and functions", "Files, modules and packages", "Testing with pytest"], true),
    course!("programming", "PY-DATA", "Python for Data Analysis", "pandas, NumPy and matplotlib for cleaning, analysing and visualising data.", "intermediate", 24, 21_000, ("", ""), ["NumPy arrays", "pandas DataFrames", "Cleaning and reshaping data", "Visualisation with matplotlib"]),
    course!("programming", "JAVA-SE", "Java SE Programming", "Object-oriented programming in modern Java, from classes to streams.", "beginner", 32, 26_000, ("Oracle Certified Professional: Java SE Developer", "Oracle"), ["Classes and objects", "Collections and generics", "Streams and lambdas", "Exceptions and I/O"]),
    course!("programming", "SPRING", "Spring Boot Microservices", "Build and deploy REST microservices with Spring Boot and Docker.", "advanced", 24, 28_000, ("", ""), ["Spring Boot essentials", "REST APIs and validation", "Data access with JPA", "Containers and deployment"]),
    course!("programming", "JS-WEB", "Modern JavaScript and TypeScript", "The language of the web, from ES2023 features to typed TypeScript projects.", "beginner", 24, 17_500, ("", ""), ["Modern JavaScript syntax", "Asynchronous code", "TypeScript types", "Tooling and testing"]),
    course!("programming", "REACT", "React Web Development", "Build fast, accessible single-page applications with React.", "intermediate", 24, 22_000, ("", ""), ["Components and props", "State and effects", "Routing and data fetching", "Testing React apps"]),
    course!("programming", "RUST-101", "Rust Programming", "Safe, fast systems programming: ownership, traits and async Rust.", "intermediate", 24, 24_000, ("", ""), ["Ownership and borrowing", "Structs, enums and traits", "Error handling", "Async Rust with Tokio"]),
    course!("programming", "DEVOPS", "DevOps with Git, Docker and CI/CD", "Ship software continuously with Git workflows, containers and pipelines.", "intermediate", 24, 23_500, ("", ""), ["Git branching strategies", "Docker images and compose", "CI pipelines", "Deployment strategies"]),
    // Data and AI
    course!("data", "SQL-101", "SQL for Data Analysis", "Query, join and aggregate data in SQL to answer business questions.", "beginner", 16, 14_500, ("", ""), ["SELECT, filtering and sorting", "Joins", "Aggregation and window functions", "Writing readable queries"]),
    course!("data", "PL-300", "Power BI Data Analyst", "Model, visualise and share data with Microsoft Power BI.", "intermediate", 24, 24_500, ("Microsoft Certified: Power BI Data Analyst Associate", "Microsoft"), ["Preparing data with Power Query", "Data modelling and DAX", "Reports and dashboards", "Sharing and security"], true),
    course!("data", "ML-101", "Machine Learning Foundations", "Supervised and unsupervised learning with scikit-learn, explained without hype.", "intermediate", 24, 27_500, ("", ""), ["The machine learning workflow", "Regression and classification", "Clustering", "Model evaluation"]),
    course!("data", "GENAI", "Generative AI for Business", "Use large language models safely and productively at work.", "beginner", 8, 11_000, ("", ""), ["How large language models work", "Prompting patterns", "Risks, privacy and governance", "Building a business case"]),
    course!("data", "DP-900", "Azure Data Fundamentals", "Core data concepts and Azure data services.", "beginner", 8, 9_000, ("Microsoft Certified: Azure Data Fundamentals", "Microsoft"), ["Core data concepts", "Relational data on Azure", "Non-relational data on Azure", "Analytics workloads"]),
    course!("data", "GCP-PDE", "Google Cloud Data Engineering", "Design data pipelines with BigQuery, Dataflow and Pub/Sub.", "advanced", 32, 36_500, ("Professional Data Engineer", "Google Cloud"), ["Data lakes and warehouses", "Batch pipelines", "Streaming pipelines", "Machine learning on Google Cloud"]),
    // Networking
    course!("networking", "CCNA", "Cisco CCNA", "Networking fundamentals, IP services, security and automation for the CCNA exam.", "beginner", 40, 35_000, ("CCNA", "Cisco"), ["Network fundamentals", "Network access and switching", "IP connectivity and routing", "IP services", "Security and automation"], true),
    course!("networking", "ENCOR", "Cisco Enterprise Core (ENCOR)", "Enterprise network architecture, virtualisation, infrastructure and assurance.", "advanced", 40, 52_000, ("CCNP Enterprise", "Cisco"), ["Enterprise architecture", "Virtualisation", "Infrastructure", "Network assurance", "Security and automation"]),
    course!("networking", "NET-PLUS", "CompTIA Network+", "Design, configure and troubleshoot wired and wireless networks.", "beginner", 32, 27_000, ("CompTIA Network+", "CompTIA"), ["Networking concepts", "Infrastructure", "Network operations", "Troubleshooting"]),
    course!("networking", "WLAN", "Enterprise Wireless Networking", "Plan and run reliable Wi-Fi for offices, campuses and malls.", "intermediate", 16, 18_500, ("", ""), ["RF fundamentals", "Site surveys", "Wireless security", "Troubleshooting Wi-Fi"]),
    course!("networking", "LINUX-ADM", "Linux System Administration", "Run Linux servers: users, storage, networking, services and scripting.", "beginner", 32, 25_000, ("Linux Foundation Certified Sysadmin", "The Linux Foundation"), ["The command line", "Users and permissions", "Storage and file systems", "Services and networking", "Shell scripting"]),
    // Project management
    course!("project-management", "PMP", "PMP Exam Preparation", "35 contact hours of project management education for the PMP exam.", "advanced", 35, 42_000, ("Project Management Professional (PMP)", "PMI"), ["People domain", "Process domain", "Business environment", "Agile and hybrid approaches", "Exam practice"], true),
    course!("project-management", "CAPM", "CAPM Exam Preparation", "Project management fundamentals for early-career professionals.", "beginner", 24, 24_000, ("Certified Associate in Project Management (CAPM)", "PMI"), ["Project management fundamentals", "Predictive methods", "Agile frameworks", "Business analysis"]),
    course!("project-management", "PM-IT", "Managing IT Projects", "Plan, estimate and deliver IT projects that finish on time.", "intermediate", 16, 17_000, ("", ""), ["Scoping and estimation", "Scheduling and risk", "Stakeholders", "Vendor management"]),
    course!("project-management", "MSPROJ", "Microsoft Project Essentials", "Schedules, resources and tracking in Microsoft Project.", "beginner", 8, 8_500, ("", ""), ["Creating a schedule", "Resources and costs", "Tracking progress", "Reports"]),
    // ITIL and Agile
    course!("itil-agile", "ITIL4-F", "ITIL 4 Foundation", "The language and practices of modern IT service management.", "beginner", 16, 22_000, ("ITIL 4 Foundation", "PeopleCert"), ["Service management concepts", "The service value system", "ITIL practices", "Continual improvement"], true),
    course!("itil-agile", "PSM", "Professional Scrum Master", "Serve Scrum teams well: the framework, facilitation and coaching.", "intermediate", 16, 23_000, ("Professional Scrum Master I", "Scrum.org"), ["Scrum theory and values", "Events and artifacts", "Facilitation", "Coaching the organisation"]),
    course!("itil-agile", "SAFE", "Leading SAFe", "Lead a lean-agile enterprise with the Scaled Agile Framework.", "advanced", 16, 38_000, ("Certified SAFe Agilist", "Scaled Agile"), ["Lean-agile mindset", "Agile release trains", "PI planning", "Lean portfolio management"]),
    course!("itil-agile", "KANBAN", "Kanban for IT Teams", "Visualise work, limit work in progress and improve flow.", "beginner", 8, 9_500, ("", ""), ["Kanban principles", "Designing a board", "WIP limits and flow metrics", "Service delivery reviews"]),
    course!("itil-agile", "COBIT", "COBIT 2019 Foundation", "Govern enterprise IT with the COBIT framework.", "intermediate", 16, 24_000, ("COBIT 2019 Foundation", "ISACA"), ["Governance principles", "Governance system components", "Design factors", "Implementation"]),
    // Soft skills
    course!("soft-skills", "7HABITS", "The 7 Habits of Highly Effective People", "FranklinCovey's classic programme for personal and team effectiveness.", "beginner", 16, 19_500, ("", ""), ["Be proactive", "Begin with the end in mind", "Put first things first", "Think win-win and seek first to understand", "Synergise and sharpen the saw"], true),
    course!("soft-skills", "LEAD-TECH", "Leadership for Technical Managers", "Move from expert to leader: delegation, feedback and decisions.", "intermediate", 16, 18_000, ("", ""), ["From engineer to manager", "Delegation", "Feedback and one-on-ones", "Decision making"]),
    course!("soft-skills", "PRESENT", "Presenting Technical Ideas", "Explain complex systems clearly to executives and clients.", "beginner", 8, 8_000, ("", ""), ["Know your audience", "Structure and story", "Slides that help", "Handling questions"]),
    course!("soft-skills", "WRITE-BIZ", "Business Writing for IT Professionals", "Write emails, reports and proposals that get read and acted on.", "beginner", 8, 7_500, ("", ""), ["Plain language", "Emails that get answers", "Reports and proposals", "Editing your own writing"]),
];
