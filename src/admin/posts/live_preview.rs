//! The post editor's live preview: with JavaScript, the text is rendered by
//! the server (`preview_post`, the same Markdown rendering a save uses) once
//! typing pauses, and shown in `#post-preview`. Without JavaScript the form's
//! Preview button does the same with a round trip. An island: the editor
//! around it is rendered by the server alone.

use leptos::prelude::*;

/// The id of the element the rendered text goes into, and of the one that
/// says why it could not be rendered.
pub const PREVIEW_ID: &str = "post-preview";
pub const PREVIEW_ERROR_ID: &str = "post-preview-error";

/// Wraps the editor; follows what is typed into its `body` field.
#[island]
pub fn LivePreview(children: Children) -> impl IntoView {
    // Each keystroke numbers itself; only the last one's timer asks the
    // server, and only the last answer is shown.
    let keystrokes = StoredValue::new(0_u64);
    let on_input = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::typed(event, keystrokes);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, keystrokes);
    };
    view! { <div on:input=on_input>{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::task::spawn_local;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{PREVIEW_ERROR_ID, PREVIEW_ID};
    use crate::admin::posts::server_fns::preview_post;

    /// How long typing must pause before the preview is rendered again.
    const PAUSE: Duration = Duration::from_millis(300);

    pub fn typed(event: leptos::ev::Event, keystrokes: StoredValue<u64>) {
        let Some(field) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .filter(|field| field.name() == "body")
        else {
            return;
        };
        let number = keystrokes.get_value() + 1;
        keystrokes.set_value(number);
        let latest = move || keystrokes.get_value() == number;
        set_timeout(
            move || {
                if !latest() {
                    return;
                }
                spawn_local(async move {
                    let answer = preview_post(field.value()).await;
                    if latest() {
                        show(answer.map_err(|error| error.to_string()));
                    }
                });
            },
            PAUSE,
        );
    }

    /// The rendered text, or why there is none (said beside the preview, never
    /// written into it).
    fn show(answer: Result<String, String>) {
        let document = document();
        let (preview, error) = (
            document.get_element_by_id(PREVIEW_ID),
            document.get_element_by_id(PREVIEW_ERROR_ID),
        );
        match answer {
            Ok(html) => {
                if let Some(preview) = preview {
                    preview.set_inner_html(&html);
                }
                if let Some(error) = error {
                    error.set_text_content(None);
                }
            }
            Err(message) => {
                if let Some(error) = error {
                    error.set_text_content(Some(&message));
                }
            }
        }
    }
}
