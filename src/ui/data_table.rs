use leptos::prelude::*;

use super::EmptyState;

/// One column of a [`DataTable`]: its heading, and the classes of its cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    title: &'static str,
    numeric: bool,
    /// A column of buttons: its heading is for screen readers only.
    actions: bool,
    class: &'static str,
}

impl Column {
    pub const fn text(title: &'static str) -> Self {
        Self {
            title,
            numeric: false,
            actions: false,
            class: "",
        }
    }

    /// Right-aligned figures, for amounts and counts.
    pub const fn number(title: &'static str) -> Self {
        Self {
            title,
            numeric: true,
            actions: false,
            class: "",
        }
    }

    pub const fn actions() -> Self {
        Self {
            title: "Actions",
            numeric: false,
            actions: true,
            class: "",
        }
    }

    /// Extra classes for every cell of the column (`whitespace-nowrap`, ...).
    pub const fn cells(self, class: &'static str) -> Self {
        Self { class, ..self }
    }
}

/// The admin's lists: a heading row and one row per item, or an empty state
/// when there are none. `cells` gives a row's cells in column order; `key`
/// names the row (its `data-row`, for links and tests). On a wide screen it
/// is a table in a panel that scrolls sideways and can be focused (keyboard
/// users can scroll it too); on a phone each row becomes a card of "heading:
/// value" lines, the headings read from the columns.
#[component]
pub fn DataTable<T, K, C>(
    /// What the table lists, for screen readers ("Courses").
    #[prop(into)]
    label: String,
    #[prop(into)] columns: Vec<Column>,
    rows: Vec<T>,
    key: K,
    cells: C,
    /// Shown instead of the table when `rows` is empty.
    #[prop(into)]
    empty_title: String,
    #[prop(into)] empty_message: String,
) -> impl IntoView
where
    T: 'static,
    K: Fn(&T) -> String + 'static,
    C: Fn(T) -> Vec<AnyView> + 'static,
{
    if rows.is_empty() {
        return view! { <EmptyState title=empty_title message=empty_message /> }.into_any();
    }
    let headings = columns
        .iter()
        .map(|column| {
            let class = if column.numeric {
                "px-4 py-3 text-right"
            } else {
                "px-4 py-3"
            };
            let title = if column.actions {
                view! { <span class="sr-only">{column.title}</span> }.into_any()
            } else {
                column.title.into_any()
            };
            view! { <th scope="col" class=class>{title}</th> }
        })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|item| {
            let row_key = key(&item);
            let row_cells = cells(item)
                .into_iter()
                .zip(columns.iter())
                .map(|(cell, column)| {
                    let (label, phone) = if column.actions {
                        ("", "max-sm:justify-end")
                    } else {
                        (column.title, PHONE_LABEL)
                    };
                    let figures = if column.numeric { "text-right tabular-nums" } else { "" };
                    view! {
                        <td data-label=label class=format!("px-4 py-3 {PHONE_CELL} {phone} {figures} {}", column.class)>
                            <div class="min-w-0 max-sm:text-right">{cell}</div>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr data-row=row_key class="max-sm:block max-sm:px-4 max-sm:py-3">{row_cells}</tr> }
        })
        .collect_view();
    view! {
        <section tabindex="0" aria-label=label
            class="self-start overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-ink-100 focus-visible:outline-2">
            <table class="min-w-full divide-y divide-ink-100 text-sm max-sm:block">
                <thead class="bg-ink-50 text-left text-xs font-semibold uppercase tracking-wide text-ink-600 max-sm:sr-only">
                    <tr>{headings}</tr>
                </thead>
                <tbody class="divide-y divide-ink-100 align-top max-sm:block">{body}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// On a phone a cell is a line: its column's heading, then its value.
const PHONE_CELL: &str =
    "max-sm:flex max-sm:items-baseline max-sm:justify-between max-sm:gap-4 max-sm:px-0 max-sm:py-1";
const PHONE_LABEL: &str = "max-sm:before:shrink-0 max-sm:before:text-xs max-sm:before:font-semibold max-sm:before:uppercase max-sm:before:tracking-wide max-sm:before:text-ink-600 max-sm:before:content-[attr(data-label)]";

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::ui::render_to_html;

    const COLUMNS: &[Column] = &[
        Column::text("Course"),
        Column::number("Price"),
        Column::actions(),
    ];

    #[test]
    fn a_table_has_one_heading_per_column_and_one_row_per_item() {
        let html = render_to_html(|| {
            view! {
                <DataTable label="Courses" columns=COLUMNS rows=vec!["a", "b"]
                    key=|name: &&str| name.to_string()
                    cells=|name: &str| vec![name.into_any(), "1".into_any(), ().into_any()]
                    empty_title="None" empty_message="Nothing here." />
            }
        });
        assert_eq!(html.matches("<th ").count(), 3);
        assert!(html.contains(r#"<th scope="col" class="px-4 py-3 text-right">Price"#));
        assert!(html.contains(r#"<span class="sr-only">Actions</span>"#));
        assert_eq!(html.matches("<tr").count(), 3);
        assert!(html.contains(r#"data-row="b""#));
        assert!(
            html.contains(r#"data-label="Price""#),
            "the phone view names each value"
        );
        assert!(html.contains(r#"aria-label="Courses""#));
        assert!(!html.contains("Nothing here."));
    }

    #[test]
    fn no_items_show_the_empty_state_instead_of_a_table() {
        let html = render_to_html(|| {
            let none: Vec<&str> = Vec::new();
            view! {
                <DataTable label="Courses" columns=COLUMNS rows=none
                    key=|name: &&str| name.to_string()
                    cells=|name: &str| vec![name.into_any()]
                    empty_title="No courses found" empty_message="Try other words." />
            }
        });
        assert!(html.contains("No courses found"));
        assert!(!html.contains("<table"));
    }
}
