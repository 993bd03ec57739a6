//! The demo articles. Tags name catalog categories where a post is about one
//! (`cloud`, `programming`, `cybersecurity`, ...), which is what chooses the
//! Related Trainings beside it.

pub struct DemoPost {
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub author: &'static str,
    pub days_ago: i64,
    pub tags: &'static [&'static str],
    pub body: &'static str,
}

pub const POSTS: [DemoPost; 8] = [
    DemoPost {
        slug: "what-is-a-backend-developer",
        title: "What is a backend developer?",
        summary: "The ten things a backend developer does every day, from validating a form to keeping a platform up when traffic doubles, and how to start learning them.",
        author: "Joshua Tan",
        days_ago: 6,
        tags: &["programming", "cloud", "backend", "careers"],
        body: r#"Every time you log in to a bank's app, book a seat on a course or pay a bill online, a backend does the work you never see. A backend developer builds and runs that part: the server, the database and the code in between. Here is what the job really involves.

## 1. Server-side logic

The backend decides what happens when a request arrives: which records to read, what to compute, what to answer. A course booking is a small story of rules (is there a seat, is the learner signed in, has the run started) written as code that runs on the server, where nobody can change it.

## 2. Validation and login

Nothing that arrives from a browser can be trusted. The backend checks every field again, even when the page already did, and answers with a clear error instead of saving bad data. It also signs people in: it checks passwords against slow, salted hashes and keeps a session so the next request knows who is asking.

## 3. CRUD on MySQL, PostgreSQL and MongoDB

Create, read, update, delete: most features are these four operations on a database. A backend developer designs the tables or collections, writes the queries, uses transactions so that two writes land together or not at all, and knows when a relational database such as MySQL or PostgreSQL fits better than a document store such as MongoDB.

## 4. APIs

Mobile apps, partner systems and the site's own pages talk to the backend through APIs: usually JSON over HTTP, described precisely enough that another team can build against them. A good API is versioned, answers errors in a predictable shape and never breaks its existing clients.

## 5. Security: secure login, token authorization and encryption

Security is designed in, not added later. Logins are protected against guessing with rate limits, every request is authorized (a token or session says who you are, the server decides what you may do) and personal data is encrypted in transit with TLS and, where it matters, at rest in the database.

## 6. Performance: caching, indexing and asynchronous processing

A page that takes three seconds loses visitors. Backend developers add the right database indexes, cache answers that many people ask for, and move slow work such as sending email or generating certificates to background jobs, so the visitor gets an answer at once.

## 7. Many languages

Backends are written in Java, Python, JavaScript on Node.js, C#, Go, PHP and Rust. The concepts carry over: once you understand requests, databases and concurrency in one language, the second one comes much faster.

## 8. Team work

A backend developer works with front-end developers on the shape of the API, with designers on what an error message says, with operations on how the service is deployed, and with the business on what the rules actually are.

## 9. Debugging with logs and tests

When something breaks at two in the morning, structured logs tell you which request failed and why. Automated tests, from small unit tests to tests that drive the whole application, catch most mistakes long before a customer does.

## 10. Scalable architecture

A system that serves a hundred users is built differently from one that serves a million. Stateless servers behind a load balancer, a database that can grow, queues between services: a backend developer plans for growth without building for a scale that never comes.

## Where to start

Pick one language and learn it properly, then learn SQL and one database well. Build a small project end to end, with login, a few tables and an API, and deploy it to the cloud. Our programming and cloud courses are built around exactly that path, with trainers who do this work every day.
"#,
    },
    DemoPost {
        slug: "choosing-your-first-cloud-certification",
        title: "Choosing your first cloud certification",
        summary: "AWS, Azure or Google Cloud? How to pick the first certification that fits your job, your employer and the Philippine market.",
        author: "Carlo Villanueva",
        days_ago: 19,
        tags: &["cloud", "certification", "careers"],
        body: r#"Most learners who ask us which cloud certification to take first already use one of the three big providers at work, or want to work for a company that does. That is the best guide.

## Start where your work is

If your employer runs on Microsoft 365 and Active Directory, Azure is the natural first step: the AZ-900 fundamentals exam, then AZ-104 for administrators. Banks, BPOs and start-ups in Makati and BGC lean towards AWS, where the Cloud Practitioner and then the Solutions Architect – Associate exams are the common path. Data teams often meet Google Cloud first through BigQuery.

## Fundamentals or associate?

A fundamentals exam is worth it if you are new to IT or move from a non-technical role. If you already administer servers or write code, go straight to an associate exam: it teaches more and employers ask for it by name.

## How long it takes

With a four-day course and two to three weeks of practice in your own free-tier account, most of our learners pass an associate exam at the first attempt. The practice is what matters: build a network, break it, fix it.

## After the first one

Specialise where your job goes: security, networking, data or DevOps. A second provider's associate exam is also quicker than the first, because the ideas are the same with different names.
"#,
    },
    DemoPost {
        slug: "five-habits-of-secure-teams",
        title: "Five habits of teams that get breached less",
        summary: "The attacks we see in Philippine companies are rarely clever. Five habits that stop most of them, from multi-factor sign-in to rehearsed incident response.",
        author: "Bea Dizon",
        days_ago: 33,
        tags: &["cybersecurity", "best-practices"],
        body: r#"After years in a security operations centre, the pattern is clear: most breaches start with something simple. These five habits stop most of them.

## Multi-factor sign-in everywhere

A stolen password should not be enough. Turn on multi-factor authentication for email, VPN, cloud consoles and every admin account, and prefer an authenticator app or a security key to SMS.

## Patch within days, not months

Attackers scan the whole internet for known holes within hours of a fix being published. Keep an inventory of what you run, and patch what faces the internet first.

## Least privilege

Nobody needs to be an administrator all day. Give people the access their work needs, review it every quarter, and remove it the day they change roles or leave.

## Backups you have restored

A backup you have never restored is a hope, not a plan. Keep one copy offline, where ransomware cannot reach it, and practise restoring it.

## Rehearse the bad day

Write down who does what when something goes wrong, and run a tabletop exercise twice a year. The first real incident is the wrong time to find out that nobody has the firewall password.

Our cybersecurity courses, from Security+ to CISSP, practise each of these in labs.
"#,
    },
    DemoPost {
        slug: "python-or-java-for-your-first-language",
        title: "Python or Java for your first programming language?",
        summary: "Both are excellent first languages and both lead to jobs. What each teaches you, and how to choose between them.",
        author: "Joshua Tan",
        days_ago: 47,
        tags: &["programming", "python", "java", "careers"],
        body: r#"It is the question we hear most at our Cebu campus. The honest answer: both are good choices, and the second language is much easier than the first.

## Python: quick to start, everywhere in data

Python reads almost like English, so you spend your first weeks learning to think like a programmer rather than fighting the syntax. It is the language of data analysis, machine learning and automation scripts, and many backends run on Django or FastAPI.

## Java: structure from day one

Java asks more of you at the start: types, classes, a compiler that refuses mistakes. In return it teaches habits that large systems need, and it runs the core systems of many Philippine banks, telcos and government agencies.

## How to choose

If you want to work with data, or you want to automate your current job, start with Python. If you aim for enterprise development or Android, start with Java. Either way, write code every day, build something you care about, and read other people's code.
"#,
    },
    DemoPost {
        slug: "what-an-itil-4-foundation-course-teaches",
        title: "What an ITIL 4 Foundation course actually teaches you",
        summary: "ITIL is more than a vocabulary exam. The ideas from the Foundation course that change how a service desk or operations team works on Monday morning.",
        author: "Kristine Mendoza",
        days_ago: 62,
        tags: &["itil-agile", "service-management", "certification"],
        body: r#"Many people take ITIL 4 Foundation because their employer asks for it. The ones who get the most from it are those who bring a real problem from work.

## Value is co-created

ITIL 4's central idea is that a service creates value together with its users, not for them. A service desk that measures tickets closed instead of problems solved has forgotten this.

## The service value chain

Plan, improve, engage, design and transition, obtain or build, deliver and support: six activities that every IT organisation performs, whether it names them or not. Mapping your own team onto them shows where work waits.

## Practices, not processes

Incident management, change enablement, problem management and the others are practices you adapt, not procedures to copy. The course shows how to start small and improve continually.

## The exam

Forty multiple-choice questions in an hour; our learners prepare over two days with practice exams. The certificate is the start: the real test is your next change advisory board.
"#,
    },
    DemoPost {
        slug: "kubernetes-in-plain-words",
        title: "Kubernetes in plain words",
        summary: "Pods, deployments and services explained without the jargon, and when a team really needs Kubernetes at all.",
        author: "Paolo Garcia",
        days_ago: 78,
        tags: &["cloud", "devops", "kubernetes"],
        body: r#"Kubernetes has a reputation for being hard. The ideas underneath are simple; the details are where the work is.

## Containers, then pods

A container packages an application with everything it needs to run. Kubernetes runs containers in pods: one or a few containers that live and die together and share a network address.

## Deployments keep the right number running

You tell a deployment that you want three copies of your application, version 2.4. Kubernetes starts them, replaces any that crash, and rolls out version 2.5 one pod at a time when you ask.

## Services give them one address

Pods come and go; a service gives them one stable name and spreads requests across the healthy ones.

## Do you need it?

If you run two or three applications, a managed platform such as AWS Elastic Beanstalk or Azure App Service is simpler. Kubernetes pays off when many teams deploy many services and need one way to run them all. Our Certified Kubernetes Administrator course starts from a single cluster and ends with you fixing a broken one.
"#,
    },
    DemoPost {
        slug: "power-bi-dashboards-that-people-use",
        title: "Power BI dashboards that people actually use",
        summary: "Most dashboards are opened twice and forgotten. Four rules for reports that managers check every morning.",
        author: "Angela Bautista",
        days_ago: 96,
        tags: &["data", "power-bi", "best-practices"],
        body: r#"A dashboard is a product with users, and like any product it fails when it is built for the builder.

## Start with the decision

Ask what decision the report helps someone make, and how often. A sales manager who decides weekly needs a different page from a supervisor watching a queue every hour.

## One page, one question

Put the answer to the main question at the top left, in large numbers, with a comparison (last month, the target). Details go below or on a drill-through page.

## Model the data properly

A clean star schema, with one fact table and tidy dimensions, makes measures simple and reports fast. Most slow Power BI reports are slow because of the model, not the visuals.

## Ship, watch, improve

Publish early, check the usage metrics, and ask the people who stopped opening it why. Our Power BI Data Analyst course builds one report this way over three days.
"#,
    },
    DemoPost {
        slug: "getting-ready-for-the-ccna",
        title: "Getting ready for the CCNA",
        summary: "A study plan for the Cisco CCNA that fits around a full-time job: what to learn in which order, and how much lab time you need.",
        author: "Rafael Cruz",
        days_ago: 121,
        tags: &["networking", "certification", "cisco"],
        body: r#"The CCNA covers a lot of ground, and most people preparing for it also have a job. This plan fits both.

## Weeks one to three: foundations

Learn the OSI and TCP/IP models until you can explain them to a friend, then subnetting until you can do it in your head. Everything else builds on these two.

## Weeks four to seven: switching and routing

VLANs, trunks, spanning tree, then static routes and OSPF. Build each topology in Packet Tracer or a lab, and break it on purpose to see what the symptoms look like.

## Weeks eight to ten: services, security and automation

DHCP, NAT, access lists, wireless basics and the automation topics. Do not skip automation: the exam asks about it and so do employers.

## The last two weeks

Practice exams under time pressure, and revisit every topic you got wrong. Our five-day CCNA course compresses the first ten weeks with a trainer beside you, so your own time goes into labs.
"#,
    },
];
