//! Answers per timepoint: of the participants a timepoint has come due for,
//! how many have answers ("41 av 58 (71 %)") and how many staff could not
//! reach, for everyone and by gender and track. The roster and *Se
//! resultaten* show the same table; the counts and small-cell rules are the
//! core's (`core::evaluation::coverage`).

use leptos::prelude::*;

use crate::core::deployment;
use crate::core::evaluation::coverage::{self, column};
use crate::core::evaluation::Dataset;
use crate::core::instrument::Timepoint;
use crate::core::worklist::Schedule;
use crate::platform::clock;
use crate::ui::i18n::{use_i18n, Tx};
use crate::core::labels::{group_key, timepoint_key};

#[component]
pub fn CoverageTable(data: Dataset) -> impl IntoView {
    let i18n = use_i18n();
    let table = coverage::coverage(&data, Schedule::of(deployment::shipped()), &clock::today());
    let shown = table.shown();
    let rows = table.rows.iter().map(|(g, _)| *g).zip(shown).collect::<Vec<_>>();
    view! {
        <section class="coverage" aria-labelledby="coverage-heading">
            <h2 id="coverage-heading"><Tx k="staff.coverage.heading"/></h2>
            <p><Tx k="staff.coverage.intro"/></p>
            <div class="table-wrap" role="region" tabindex="0" aria-labelledby="coverage-heading">
                <table class="coverage-table">
                    <thead>
                        <tr>
                            <th scope="col"><Tx k="staff.coverage.group"/></th>
                            {Timepoint::ALL.map(|t| view! { <th scope="col"><Tx k=timepoint_key(t)/></th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(group, cells)| view! {
                            <tr data-group=group.id()>
                                <th scope="row">{i18n.t(group_key(group))}</th>
                                {Timepoint::ALL.iter().enumerate().map(|(t, timepoint)| {
                                    let at = |c: usize| cells[t * column::PER_TIMEPOINT + c];
                                    let (answered, unreached, due) = (at(column::ANSWERED), at(column::UNREACHED), at(column::DUE));
                                    let text = if due.count() == Some(0) {
                                        "–".to_string()
                                    } else {
                                        let share = answered.share(due).map(|s| format!(" ({} %)", (s * 100.0).round())).unwrap_or_default();
                                        i18n.fill("staff.coverage.of", &[("answered", &answered.text()), ("due", &due.text())]) + &share
                                    };
                                    // Only an exit or a six-month outcome is marked "kunde inte nås".
                                    let markable = matches!(timepoint, Timepoint::Exit | Timepoint::After6Months);
                                    let unreached = (markable && unreached.count() != Some(0)).then(|| {
                                        i18n.fill("staff.coverage.unreached", &[("n", &unreached.text())])
                                    });
                                    view! {
                                        <td data-timepoint=timepoint.id()>
                                            <span class="coverage-answered">{text}</span>
                                            {unreached.map(|u| view! { <span class="coverage-unreached">{u}</span> })}
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
