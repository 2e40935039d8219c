//! Pure helpers for embed mode: the "open the full explainer" link, the `<iframe>` snippet
//! and the widget menu of the snippet generator.

use crate::content::{chapter_by_id, Chapter, ChapterId, CHAPTERS};
use crate::share::embed_query::PIE_NAMES;
use crate::share::{EmbedConfig, ShareState, Widget};

/// The chapter a widget belongs to: its own for a chapter widget, else the link's `ch`,
/// else the sandbox (where every chart and pie lives).
#[must_use]
pub fn chapter_of(widget: &Widget, share: &ShareState) -> &'static Chapter {
    let id = match widget {
        Widget::Chapter(id) => *id,
        _ => share.chapter.unwrap_or(ChapterId::Sandbox),
    };
    chapter_by_id(id).unwrap_or(&CHAPTERS[0])
}

/// The full explainer's page, next to `embed.html`.
pub const FULL_PAGE: &str = "index.html";

/// The same setup on the full page: the link without `embed`, `hide` and `lock`, and the
/// widget's chapter in the hash (`index.html?v=1&seed=7#/drift`). Relative, so it works
/// wherever the page is hosted; it names `index.html` because a widget is usually on
/// `embed.html`, whose loader starts the widgets' wasm, not the chapters'.
#[must_use]
pub fn full_link(share: &ShareState, widget: &Widget) -> String {
    let chapter = chapter_of(widget, share);
    let full = ShareState {
        embed: EmbedConfig::default(),
        chapter: Some(chapter.id),
        ..share.clone()
    };
    format!("{FULL_PAGE}?{}#/{}", full.to_query(), chapter.slug)
}

/// A short human title for a widget, used for the iframe's `title` and headings.
#[must_use]
pub fn widget_title(widget: &Widget) -> String {
    match widget {
        Widget::Chapter(id) => chapter_by_id(*id).map_or_else(
            || "Driftline".to_owned(),
            |c| format!("Driftline: {}", c.title),
        ),
        Widget::Dashboard => "Driftline: monitoring dashboard".to_owned(),
        Widget::Chart(m) => format!("Driftline: {m} chart"),
        Widget::Pie(p) => format!("Driftline: {p} pie"),
        Widget::Lab => "Driftline: the whole factory lab".to_owned(),
    }
}

/// A sensible first height for the iframe, in CSS pixels (the page then reports its own).
#[must_use]
pub fn default_height_px(widget: &Widget) -> u32 {
    match widget {
        Widget::Chart(_) => 420,
        Widget::Pie(_) => 380,
        // The dashboard's first screen: controls, picture, two charts.
        Widget::Dashboard => 640,
        Widget::Chapter(_) | Widget::Lab => 1100,
    }
}

/// Escapes text for a double-quoted HTML attribute.
#[must_use]
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The snippet to paste into a page: the `<iframe>` (`src` is the page address plus the
/// embed query, `id` names it in the host page) and a few lines of script that fit its
/// height to the widget's `driftline:height` messages, so the post shows the whole widget
/// without a scrollbar of its own. `height_px` is the height before the first message (and
/// without JavaScript).
#[must_use]
pub fn iframe_snippet(src: &str, title: &str, height_px: u32, id: &str) -> String {
    let id = escape_attr(id);
    format!(
        "<iframe id=\"{id}\" src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height_px}\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>\n\
         <script>addEventListener(\"message\", function (e) {{ var f = document.getElementById(\"{id}\"); \
         if (f && e.source === f.contentWindow && e.data && e.data.type === \"driftline:height\") \
         {{ f.style.height = e.data.height + \"px\"; }} }});</script>",
        escape_attr(src),
        escape_attr(title)
    )
}

/// An id for a widget's iframe in the host page: `driftline-` and the widget's name, with
/// anything but letters and digits turned into dashes.
#[must_use]
pub fn frame_id(widget: &Widget) -> String {
    let name: String = widget
        .name()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("driftline-{name}")
}

/// Every widget the snippet generator offers, with its menu label.
#[must_use]
pub fn widget_choices() -> Vec<(Widget, String)> {
    let mut out = vec![
        (Widget::Dashboard, "Monitoring dashboard".to_owned()),
        (Widget::Lab, "Whole factory lab".to_owned()),
    ];
    for c in CHAPTERS.iter().filter(|c| c.id != ChapterId::Sandbox) {
        out.push((Widget::Chapter(c.id), format!("Chapter lab: {}", c.title)));
    }
    for m in crate::view_model::metrics::all() {
        out.push((
            Widget::Chart(m.id.to_owned()),
            format!("Chart: {}", m.caption),
        ));
    }
    for p in PIE_NAMES {
        out.push((Widget::Pie(p), format!("Pie: {p}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::Control;

    #[test]
    fn full_link_drops_embed_keys_and_keeps_the_setup() {
        let (share, notices) = ShareState::parse(&format!(
            "?v=1&sim={}&seed=7&embed=drift&hide=clock&lock=automation",
            driftline_sim::golden::STREAM_VERSION
        ));
        assert!(notices.is_empty(), "{notices:?}");
        let widget = share.embed.widget.clone().unwrap();
        let link = full_link(&share, &widget);
        assert!(link.ends_with("#/drift"), "{link}");
        let query = link
            .strip_prefix(FULL_PAGE)
            .unwrap()
            .split('#')
            .next()
            .unwrap();
        let (back, _) = ShareState::parse(query);
        assert_eq!(back.embed, EmbedConfig::default());
        assert_eq!(back.setup.seed, Some(7));
        assert_eq!(back.chapter, Some(ChapterId::Drift));
        assert!(share.embed.hides(Control::Clock));
    }

    #[test]
    fn non_chapter_widgets_open_the_sandbox_unless_a_chapter_is_given() {
        let (share, _) = ShareState::parse("?v=1&embed=chart:psi");
        let w = share.embed.widget.clone().unwrap();
        assert!(full_link(&share, &w).ends_with("#/sandbox"));
        let (share, _) = ShareState::parse("?v=1&ch=monitoring&embed=pie:traffic");
        let w = share.embed.widget.clone().unwrap();
        assert!(full_link(&share, &w).ends_with("#/monitoring"));
    }

    #[test]
    fn snippet_escapes_attributes_and_fits_its_height() {
        let s = iframe_snippet(
            "https://x.org/?a=1&b=\"2\"",
            "A <b> title",
            400,
            "driftline-chart-psi",
        );
        assert!(s.starts_with(
            "<iframe id=\"driftline-chart-psi\" src=\"https://x.org/?a=1&amp;b=&quot;2&quot;\""
        ));
        assert!(s.contains("title=\"A &lt;b&gt; title\""));
        assert!(s.contains("height=\"400\""));
        assert!(s.contains("</iframe>\n<script>"));
        assert!(s.contains("getElementById(\"driftline-chart-psi\")"));
        assert!(s.contains("driftline:height"));
        assert!(s.ends_with("</script>"));
        assert_eq!(
            frame_id(&Widget::Chart("psi".into())),
            "driftline-chart-psi"
        );
    }

    #[test]
    fn every_choice_round_trips_through_its_embed_name() {
        let choices = widget_choices();
        assert!(choices.len() > 10);
        for (w, label) in &choices {
            assert!(!label.is_empty());
            assert_eq!(Widget::parse(&w.name()).as_ref(), Some(w), "{}", w.name());
            assert!(widget_title(w).starts_with("Driftline"));
            assert!(default_height_px(w) >= 300);
        }
    }
}
