//! The results' charts as SVG text: *Se resultaten* puts it in the page and
//! the command line's report in its file, so both draw the same chart.
//! `t` gives a text of the UI catalogue by its key.

use super::format::percent;

/// Text for SVG and HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Favourable shares at intake and exit per item (label, intake, exit), as
/// horizontal bars; the same numbers are in each item's table.
pub fn share_chart(id: &str, rows: &[(String, Option<f64>, Option<f64>)], t: &dyn Fn(&'static str) -> String) -> String {
    const ROW_H: f64 = 56.0;
    const LABEL_H: f64 = 20.0;
    let width = 320.0;
    let height = rows.len() as f64 * (ROW_H + LABEL_H) + 8.0;
    let desc: Vec<String> = rows
        .iter()
        .map(|(label, a, b)| {
            crate::ui_text::fill(
                &t("evaluator.results.chart.row"),
                &[("item", label.as_str()), ("intake", &percent(*a)), ("exit", &percent(*b))],
            )
        })
        .collect();
    let mut svg = format!(
        r#"<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" lang="sv" preserveAspectRatio="xMinYMin meet"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&t("evaluator.results.chart.title")),
        escape(&desc.join(" ")),
    );
    for (n, (label, a, b)) in rows.iter().enumerate() {
        let y = n as f64 * (ROW_H + LABEL_H);
        svg += &format!(r#"<g><text x="0" y="{}" class="item-label">{}</text>"#, y + 14.0, escape(label));
        for (share, dy, class, word) in
            [(a, 0.0, "intake", "evaluator.results.intake"), (b, 24.0, "exit", "evaluator.results.exit")]
        {
            let w = share.unwrap_or(0.0) * 220.0;
            svg += &format!(
                r#"<g class="{class}"><text x="0" y="{}" class="bar-word">{}</text><rect x="48" y="{}" width="{}" height="18"></rect><text x="{}" y="{}" class="value">{}</text></g>"#,
                y + LABEL_H + dy + 16.0,
                escape(&t(word)),
                y + LABEL_H + dy + 4.0,
                w.max(1.0),
                52.0 + w,
                y + LABEL_H + dy + 18.0,
                percent(*share),
            );
        }
        svg += "</g>";
    }
    svg + "</svg>"
}

/// The share in studies or work per group (label, share), against the target
/// line. Each group's name is on a line of its own above its bar, so a long
/// one ("KAA (utanför skolan)") is never cut by the bar.
pub fn target_chart(rows: &[(String, Option<f64>)], target: f64, t: &dyn Fn(&'static str) -> String) -> String {
    const ROW_H: f64 = 48.0;
    // Room after a full bar for its value ("100 %").
    const BAR_W: f64 = 260.0;
    let height = rows.len() as f64 * ROW_H + 24.0;
    let target_x = target * BAR_W;
    let target_text = percent(Some(target));
    let desc: Vec<String> = rows
        .iter()
        .map(|(g, s)| format!("{g}: {}.", percent(*s)))
        .chain(std::iter::once(crate::ui_text::fill(&t("evaluator.results.target.desc"), &[("target", &target_text)])))
        .collect();
    let mut svg = format!(
        r#"<svg viewBox="0 0 320 {height}" role="img" aria-labelledby="target-chart-title target-chart-desc" lang="sv" preserveAspectRatio="xMinYMin meet"><title id="target-chart-title">{}</title><desc id="target-chart-desc">{}</desc>"#,
        escape(&t("evaluator.results.target.chart")),
        escape(&desc.join(" ")),
    );
    // The line first, so the words are drawn over it.
    svg += &format!(
        r#"<line class="target-line" x1="{target_x}" x2="{target_x}" y1="0" y2="{}"></line>"#,
        height - 20.0
    );
    for (n, (label, share)) in rows.iter().enumerate() {
        let y = n as f64 * ROW_H + 4.0;
        let w = share.unwrap_or(0.0) * BAR_W;
        svg += &format!(
            r#"<g class="exit"><text x="0" y="{}" class="bar-word">{}</text><rect x="0" y="{}" width="{}" height="18"></rect><text x="{}" y="{}" class="value">{}</text></g>"#,
            y + 14.0,
            escape(label),
            // Below the name's descenders ("Tjej").
            y + 24.0,
            w.max(1.0),
            w + 4.0,
            y + 38.0,
            percent(*share),
        );
    }
    // Its words kept inside the chart, also for a target near 0 or 100 %.
    svg += &format!(
        r#"<text x="{}" y="{}" text-anchor="middle" class="value">{}</text></svg>"#,
        target_x.clamp(40.0, 280.0),
        height - 6.0,
        escape(&crate::ui_text::fill(&t("evaluator.results.target.short"), &[("target", &target_text)])),
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_names_each_share_in_words_and_escapes_its_labels() {
        let t = |k: &'static str| format!("[{k}]");
        let svg = share_chart("c", &[("Skolan & jag <3".into(), Some(0.25), None)], &t);
        assert!(svg.contains("Skolan &amp; jag &lt;3"), "{svg}");
        assert!(svg.contains(r#"width="55""#) && svg.contains(r#"width="1""#), "a quarter of 220, and a hairline for none");
        assert!(svg.contains(">25 %<") && svg.contains(">–<"));
        let target = target_chart(&[("KAA (utanför skolan)".into(), Some(0.5))], 0.6, &t);
        assert!(target.contains(r#"x1="156""#), "the line at 0.6 × 260: {target}");
        // The name on its own line, the bar below it.
        assert!(
            target.contains(r#"<text x="0" y="18" class="bar-word">KAA (utanför skolan)</text><rect x="0" y="28""#),
            "{target}"
        );
    }
}
