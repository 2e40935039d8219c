//! The factory picture: one SVG drawn from a [`SceneModel`].
//!
//! Colours come from CSS custom properties (classes in `static/driftline.css`), so the
//! themes restyle it without a redraw. Phones glide between belt slots by a CSS transition
//! on their `transform`, and the camera flash is a CSS animation on an element keyed by
//! the phone it images: both stop under `prefers-reduced-motion`, leaving still frames.
//! Nothing here touches the DOM API, so the same markup renders natively.

use std::rc::Rc;

use driftline_sim::deploy::Arm;
use driftline_sim::phone_trace::{DecidedBy, PhoneRecord};
use yew::prelude::*;

use super::geometry::{
    camera_x, decider_x, phone_at, station_x, BELT_Y, BIN_Y, HEIGHT, PHONE_H, PHONE_W, TRAY_H,
    TRAY_W, TRAY_X, TRAY_Y, WIDTH,
};
use super::model::{BeltPhone, DeployView, SceneModel, Station, Tray, CAMERA_SLOT, STATION_SLOT};

/// Props of [`FactoryScene`].
#[derive(Properties, Clone, PartialEq)]
pub struct FactorySceneProps {
    /// What to draw.
    pub model: Rc<SceneModel>,
    /// Prefix of the test ids.
    #[prop_or_default]
    pub test_prefix: AttrValue,
}

/// Props of [`SceneFrameMark`].
#[derive(Properties, Clone, PartialEq)]
pub struct SceneFrameMarkProps {
    /// Changes with every new picture, so the mark renders after each one.
    pub frame: Rc<SceneModel>,
}

/// Renders nothing; placed just before [`FactoryScene`] (Yew reconciles siblings from the
/// last to the first, so its update runs right after the picture's render and DOM patch),
/// it closes the picture's frame for the browser benchmark.
#[function_component(SceneFrameMark)]
pub fn scene_frame_mark(props: &SceneFrameMarkProps) -> Html {
    let _ = &props.frame;
    #[cfg(target_arch = "wasm32")]
    crate::bench_hooks::scene_committed();
    Html::default()
}

/// The factory line as a picture.
#[function_component(FactoryScene)]
pub fn factory_scene(props: &FactorySceneProps) -> Html {
    #[cfg(target_arch = "wasm32")]
    crate::bench_hooks::scene_render_started();
    let m = &*props.model;
    let p = &props.test_prefix;
    let firing = !m.alarms.is_empty();

    html! {
        <figure class="scene" data-testid={format!("{p}factory")}>
            <svg class="scene-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={m.label()} data-testid={format!("{p}scene")}
                data-light={format!("{:.2}", m.drift.light)} data-alarm={firing.to_string()}>
                <defs>
                    <filter id="scene-blur" x="-20%" y="-20%" width="140%" height="140%">
                        <feGaussianBlur stdDeviation={format!("{:.1}", 0.4 + 2.5 * m.drift.blur)} />
                    </filter>
                </defs>
                { backdrop() }
                { lamp(m.drift.light) }
                { camera(m) }
                { picture(m) }
                { station(m) }
                { trays(m) }
                { for m.belt.iter().map(|b| belt_phone(b, &m.slice_names)) }
                { dimmer(m.drift.light) }
                { alarm_beacon(m) }
            </svg>
            <figcaption class="scene-caption" data-testid={format!("{p}factory-summary")}>
                { caption(m) }
            </figcaption>
        </figure>
    }
}

fn caption(m: &SceneModel) -> String {
    let mut text = format!(
        "The belt shows one real phone per beat; the tray and the bin count every phone of the last {} ticks.",
        super::model::TRAY_WINDOW_TICKS
    );
    if let Some(t) = m.drift.spec_changed_at {
        text.push_str(&format!(
            " The spec changed at tick {t}: the phones look exactly as before."
        ));
    }
    text
}

fn backdrop() -> Html {
    let rollers = (0..9).map(|i| {
        let x = 24.0 + f64::from(i) * 46.0;
        html! { <circle class="scene-roller" cx={fmt(x)} cy={fmt(BELT_Y + 9.0)} r="5" /> }
    });
    html! {
        <g aria-hidden="true">
            <rect class="scene-floor" x="0" y={fmt(BELT_Y + 22.0)} width={fmt(WIDTH)} height={fmt(HEIGHT - BELT_Y - 22.0)} />
            <rect class="scene-belt" x="8" y={fmt(BELT_Y)} width={fmt(station_x() + 24.0)} height="18" rx="9" />
            { for rollers }
            <text class="scene-label" x="10" y={fmt(BELT_Y + 34.0)}>{ "line \u{2192}" }</text>
        </g>
    }
}

fn lamp(light: f64) -> Html {
    let x = camera_x() - 92.0;
    html! {
        <g class="scene-lamp" aria-hidden="true">
            <line class="scene-wire" x1={fmt(x)} y1="0" x2={fmt(x)} y2="14" />
            <circle class="scene-glow" cx={fmt(x)} cy="26" r="26" style={format!("opacity:{:.2}", 0.55 * light)} />
            <circle class="scene-bulb" cx={fmt(x)} cy="26" r="11" style={format!("opacity:{:.2}", 0.25 + 0.75 * light)} />
            <text class="scene-label scene-minor" x={fmt(x - 16.0)} y="30" text-anchor="end">{ if light < 0.99 { "lamp dimmed" } else { "lamp" } }</text>
        </g>
    }
}

fn camera(m: &SceneModel) -> Html {
    let x = camera_x();
    let flash = m.at_camera().map(|b| {
        html! { <ellipse key={b.key} class="scene-flash" cx={fmt(x)} cy={fmt(BELT_Y - 18.0)} rx="22" ry="26" /> }
    });
    html! {
        <g aria-hidden="true">
            <polygon class="scene-cone" points={format!("{},{} {},{} {},{} {},{}", x - 6.0, 62.0, x + 6.0, 62.0, x + 24.0, BELT_Y - 2.0, x - 24.0, BELT_Y - 2.0)} />
            <rect class="scene-camera" x={fmt(x - 20.0)} y="34" width="40" height="24" rx="4" />
            <rect class="scene-camera" x={fmt(x - 7.0)} y="56" width="14" height="8" rx="2" />
            <text class="scene-label" x={fmt(x - 20.0)} y="28">{ if m.drift.blur > 0.01 { "new camera" } else { "camera" } }</text>
            <g>{ for flash }</g>
        </g>
    }
}

/// The last picture the camera took: the phone at the camera slot, as bright, blurred or
/// missing as its record says.
fn picture(m: &SceneModel) -> Html {
    let (x, y, w, h) = (camera_x() + 34.0, 8.0, 64.0, 64.0);
    let frame = html! { <rect class="scene-frame" x={fmt(x)} y={fmt(y)} width={fmt(w)} height={fmt(h)} rx="3" /> };
    let inner = match m.at_camera().map(|b| b.record) {
        Some(r) => match r.brightness {
            Some(b) => {
                let grey = (f64::from(b).clamp(0.0, 1.0) * 255.0).round();
                let blurred = r.blur > 0.35;
                html! {
                    <g>
                        <rect x={fmt(x)} y={fmt(y)} width={fmt(w)} height={fmt(h)} rx="3"
                            style={format!("fill:rgb({grey},{grey},{grey})")} />
                        <g filter={blurred.then_some("url(#scene-blur)")}>
                            { phone_shape(&r, &m.slice_names, x + 20.0, y + 10.0, 24.0, 44.0) }
                        </g>
                    </g>
                }
            }
            None => html! {
                <g>
                    <rect class="scene-missing" x={fmt(x)} y={fmt(y)} width={fmt(w)} height={fmt(h)} rx="3" />
                    <text class="scene-missing-text" x={fmt(x + w / 2.0)} y={fmt(y + h / 2.0 + 4.0)} text-anchor="middle">{ "no image" }</text>
                </g>
            },
        },
        None => html! {},
    };
    html! {
        <g aria-hidden="true">
            { inner }
            { frame }
            <text class="scene-label scene-minor" x={fmt(x)} y={fmt(y + h + 12.0)}>{ "last picture" }</text>
        </g>
    }
}

/// A phone drawn at `(x, y)` in a `w` by `h` box, in its slice's colour, its defect marked.
fn phone_shape(r: &PhoneRecord, slices: &[String], x: f64, y: f64, w: f64, h: f64) -> Html {
    let colour = slice_colour(
        slices.get(usize::from(r.slice)).map(String::as_str),
        r.slice,
    );
    let defect = (r.defect != driftline_sim::phone::DefectType::None).then(|| {
        html! { <line class="scene-defect" x1={fmt(x + w * 0.25)} y1={fmt(y + h * 0.35)} x2={fmt(x + w * 0.7)} y2={fmt(y + h * 0.5)} /> }
    });
    html! {
        <g>
            <rect class="scene-phone" x={fmt(x)} y={fmt(y)} width={fmt(w)} height={fmt(h)} rx="3" style={format!("fill:{colour}")} />
            <rect class="scene-screen" x={fmt(x + 2.5)} y={fmt(y + 3.0)} width={fmt(w - 5.0)} height={fmt(h - 8.0)} rx="1.5" />
            { for defect }
        </g>
    }
}

/// The colour of a slice by its name (the presets name slices by finish), else by index.
fn slice_colour(name: Option<&str>, index: u8) -> &'static str {
    match name {
        Some("black") => "#2f3338",
        Some("silver") => "#b9c0c8",
        Some("gold") => "#d9b44a",
        Some("white") => "#eef0f2",
        Some("blue") => "#4a78b0",
        Some("red") => "#c0504d",
        _ => ["#6b7a8f", "#a3b18a", "#c9a66b", "#8e7cc3"][usize::from(index) % 4],
    }
}

fn station(m: &SceneModel) -> Html {
    let (mx, ix) = decider_x(m.station);
    let now = m.at_station().map(|b| b.record);
    let inspector_busy = now.is_some_and(|r| r.by == DecidedBy::Human);
    let model_busy = now.is_some_and(|r| r.by == DecidedBy::Model);
    html! {
        <g class="scene-station" aria-hidden="true">
            <rect class="scene-desk" x={fmt(station_x() - 96.0)} y="112" width="192" height="8" rx="3" />
            if m.station.has_model() {
                { model_column(m, mx, model_busy) }
            }
            if m.station.has_inspector() {
                { inspector(ix, inspector_busy) }
            }
            { links(m, mx, ix) }
            if let Some(r) = now { { verdict(&r) } }
        </g>
    }
}

fn model_column(m: &SceneModel, mx: f64, busy: bool) -> Html {
    let ghostly = m.station == Station::InspectorWithShadowModel;
    let arm = m.at_station().and_then(|b| b.record.route.arm);
    match m.deploy {
        DeployView::Canary {
            candidate_pct,
            rolled_back,
        } => html! {
            <g>
                { model_box(mx, 30.0, "stable", "arm-blue", busy && arm == Some(Arm::Stable), ghostly) }
                { model_box(mx, 72.0, "candidate", if rolled_back { "arm-green rolled-back" } else { "arm-green" }, busy && arm == Some(Arm::Candidate), ghostly) }
                <text class="scene-label scene-share" x={fmt(mx - 30.0)} y="20">
                    { if rolled_back { "rolled back: 0% to candidate".to_owned() } else { format!("canary: {candidate_pct:.0}% to candidate") } }
                </text>
            </g>
        },
        DeployView::BlueGreen { live } => {
            let angle = if live == Arm::Stable { -28.0 } else { 28.0 };
            html! {
                <g>
                    { model_box(mx, 30.0, "blue", "arm-blue", busy && live == Arm::Stable, ghostly) }
                    { model_box(mx, 72.0, "green", "arm-green", busy && live == Arm::Candidate, ghostly) }
                    <g class="scene-switch" style={format!("transform-origin:{}px 104px;transform:rotate({angle}deg)", mx - 44.0)}>
                        <line x1={fmt(mx - 44.0)} y1="104" x2={fmt(mx - 44.0)} y2="60" />
                    </g>
                    <circle class="scene-switch-pivot" cx={fmt(mx - 44.0)} cy="104" r="4" />
                    <text class="scene-label" x={fmt(mx - 30.0)} y="20">{ format!("switch: {} live", if live == Arm::Stable { "blue" } else { "green" }) }</text>
                </g>
            }
        }
        DeployView::Shadow => {
            let shadow = m.at_station().and_then(|b| b.record.route.shadow_answer);
            html! {
                <g>
                    { model_box(mx, 72.0, "model", "arm-blue", busy, ghostly) }
                    { model_box(mx, 30.0, "shadow", "arm-green ghost", false, true) }
                    if let Some(says) = shadow {
                        <text class="scene-ghost-verdict" x={fmt(mx + 34.0)} y="52">{ if says { "reject (discarded)" } else { "pass (discarded)" } }</text>
                    }
                </g>
            }
        }
        DeployView::Single => model_box(mx, 60.0, "model", "arm-blue", busy, ghostly),
    }
}

fn model_box(cx: f64, y: f64, name: &str, class: &str, busy: bool, ghost: bool) -> Html {
    html! {
        <g class={classes!("scene-model", class.to_owned(), busy.then_some("busy"), ghost.then_some("ghost"))}>
            <rect x={fmt(cx - 30.0)} y={fmt(y)} width="60" height="34" rx="6" />
            <text x={fmt(cx)} y={fmt(y + 15.0)} text-anchor="middle">{ "\u{2699} AI" }</text>
            <text class="scene-model-name" x={fmt(cx)} y={fmt(y + 28.0)} text-anchor="middle">{ name.to_owned() }</text>
        </g>
    }
}

fn inspector(cx: f64, busy: bool) -> Html {
    html! {
        <g class={classes!("scene-inspector", busy.then_some("busy"))}>
            <circle cx={fmt(cx)} cy="56" r="11" />
            <path d={format!("M{} 112 Q{} 70 {} 70 Q{} 70 {} 112 Z", cx - 20.0, cx - 18.0, cx, cx + 18.0, cx + 20.0)} />
            <text class="scene-label" x={fmt(cx)} y="38" text-anchor="middle">{ "inspector" }</text>
        </g>
    }
}

/// Arrows between the deciders: the suggestion reaching the inspector, the gate's split.
fn links(m: &SceneModel, mx: f64, ix: f64) -> Html {
    let now = m.at_station().map(|b| b.record);
    match m.station {
        Station::Assisted => {
            let hint = now.and_then(|r| r.route.suggestion).map(|s| {
                if s {
                    "suggests reject"
                } else {
                    "suggests pass"
                }
            });
            html! {
                <g class="scene-link">
                    <line x1={fmt(mx + 30.0)} y1="80" x2={fmt(ix - 22.0)} y2="80" />
                    <polygon points={format!("{},75 {},80 {},85", ix - 26.0, ix - 18.0, ix - 26.0)} />
                    if let Some(h) = hint { <text class="scene-hint" x={fmt(mx + 34.0)} y="74">{ h }</text> }
                </g>
            }
        }
        Station::Gate => {
            let gated = now.is_some_and(|r| r.route.gated);
            html! {
                <g class="scene-link">
                    <line x1={fmt(station_x())} y1="104" x2={fmt(if gated { ix } else { mx })} y2={if gated { "90" } else { "94" }} />
                    <polygon class={classes!("scene-gate", gated.then_some("to-inspector"))}
                        points={format!("{},{} {},{} {},{} {},{}", station_x(), 84.0, station_x() + 12.0, 96.0, station_x(), 108.0, station_x() - 12.0, 96.0)} />
                    <text class="scene-hint" x={fmt(station_x())} y="136" text-anchor="middle">{ if gated { "unsure: to the inspector" } else { "sure: the model decides" } }</text>
                </g>
            }
        }
        Station::InspectorWithShadowModel => html! {
            <g class="scene-link ghost">
                <line x1={fmt(mx)} y1="94" x2={fmt(station_x())} y2="140" />
                <text class="scene-hint" x={fmt(mx - 30.0)} y="108">{ "logged only" }</text>
            </g>
        },
        Station::Inspector | Station::Model => html! {},
    }
}

/// PASS or REJECT over the phone being decided.
fn verdict(r: &PhoneRecord) -> Html {
    let x = station_x();
    let (word, class) = if r.rejected {
        ("REJECT", "verdict-reject")
    } else {
        ("PASS", "verdict-pass")
    };
    html! {
        <g class={classes!("scene-verdict", class)}>
            <rect x={fmt(x + 14.0)} y={fmt(BELT_Y - PHONE_H + 2.0)} width="56" height="18" rx="9" />
            <text x={fmt(x + 42.0)} y={fmt(BELT_Y - PHONE_H + 15.0)} text-anchor="middle">{ word }</text>
        </g>
    }
}

fn belt_phone(b: &BeltPhone, slices: &[String]) -> Html {
    let r = &b.record;
    let (x, y) = phone_at(b.slot, r.rejected);
    let decided = b.slot > STATION_SLOT;
    let imaged = b.slot >= CAMERA_SLOT;
    let mark = decided.then(|| {
        if r.escaped() {
            Some(("!", "mark-escaped"))
        } else if r.false_reject() {
            Some(("\u{2717}", "mark-false-reject"))
        } else {
            None
        }
    });
    html! {
        <g key={b.key} class="scene-belt-phone" style={format!("transform:translate({x:.1}px,{y:.1}px)")}>
            { phone_shape(r, slices, 0.0, 0.0, PHONE_W, PHONE_H) }
            if imaged && r.brightness.is_none() {
                <text class="scene-tag" x={fmt(PHONE_W / 2.0)} y="-3" text-anchor="middle">{ "no img" }</text>
            }
            if let Some(Some((glyph, class))) = mark {
                <g class={class}>
                    <circle cx={fmt(PHONE_W / 2.0)} cy={fmt(PHONE_H / 2.0)} r="19" />
                    <text x={fmt(PHONE_W + 6.0)} y="2">{ glyph }</text>
                </g>
            }
        </g>
    }
}

fn trays(m: &SceneModel) -> Html {
    html! {
        <g aria-hidden="true">
            { tray_box(&m.tray, TRAY_Y, "PASS", ["escaped", "escaped"], "scene-tray", &m.slice_names) }
            { tray_box(&m.bin, BIN_Y, "REJECT", ["good phone", "good phones"], "scene-bin", &m.slice_names) }
        </g>
    }
}

/// `wrong` names the box's mistakes for one and for any other count.
fn tray_box(
    t: &Tray,
    y: f64,
    title: &str,
    [wrong_one, wrong_many]: [&str; 2],
    class: &str,
    slices: &[String],
) -> Html {
    let wrong = if t.wrong == 1 { wrong_one } else { wrong_many };
    let marked = t.marked.iter().enumerate().map(|(i, r)| {
        // at most MARKED_ERRORS
        let x = TRAY_X + 8.0 + i as f64 * 17.0;
        html! {
            <g class={if r.rejected { "mark-false-reject" } else { "mark-escaped" }}>
                { phone_shape(r, slices, x, y + 46.0, 12.0, 20.0) }
                <circle cx={fmt(x + 6.0)} cy={fmt(y + 56.0)} r="10" />
            </g>
        }
    });
    html! {
        <g class={class.to_owned()}>
            <rect x={fmt(TRAY_X)} y={fmt(y)} width={fmt(TRAY_W)} height={fmt(TRAY_H)} rx="8" />
            <text class="scene-tray-title" x={fmt(TRAY_X + 8.0)} y={fmt(y + 18.0)}>{ format!("{title} {}", t.count) }</text>
            <text class="scene-tray-wrong" x={fmt(TRAY_X + 8.0)} y={fmt(y + 33.0)}>{ format!("{} {wrong}", t.wrong) }</text>
            { for marked }
        </g>
    }
}

/// The line grows darker as the lamp dims (the pictures above carry the camera's own view).
fn dimmer(light: f64) -> Html {
    let shade = ((1.0 - light) * 0.55).clamp(0.0, 0.6);
    html! {
        <rect class="scene-dimmer" aria-hidden="true" x="0" y="0" width={fmt(WIDTH)} height={fmt(HEIGHT)}
            style={format!("opacity:{shade:.2}")} />
    }
}

fn alarm_beacon(m: &SceneModel) -> Html {
    let on = !m.alarms.is_empty();
    html! {
        <g class={classes!("scene-alarm", on.then_some("on"))} aria-hidden="true">
            <circle cx={fmt(WIDTH - 20.0)} cy="13" r="8" />
            <text class="scene-label" x={fmt(WIDTH - 34.0)} y="17" text-anchor="end">
                { if on { "ALARM FIRING" } else { "no alarm" } }
            </text>
        </g>
    }
}

/// A coordinate as SVG wants it: one decimal is plenty at this size.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
