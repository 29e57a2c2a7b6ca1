// The questionnaire the benchmark compares Stegvis with, built with SurveyJS
// (survey-core + survey-js-ui, plain JS): skola-karna then kaa-steg, with the
// Swedish source texts of content/instruments/, one question a page, each a
// radio group with the instrument's scale points and special answers.
// Marks `surveyjs:answer-handled` when the model has taken an answer, as
// Stegvis marks `stegvis:answer-committed`.
'use strict';

const INSTRUMENTS = ['skola-karna', 'kaa-steg'];

function pages(instrument) {
  const scales = Object.fromEntries(instrument.scales.map((s) => [s.id, s]));
  return instrument.items.map((item) => {
    const scale = scales[item.scale];
    const choices = [
      ...scale.points.map((p) => ({ value: p.value, text: p.label })),
      ...(scale.special ?? []).map((s) => ({ value: s.id, text: s.label })),
    ];
    return {
      name: `${instrument.id}/${item.id}`,
      elements: [{ type: 'radiogroup', name: `${instrument.id}/${item.id}`, title: item.text, choices }],
    };
  });
}

Promise.all(INSTRUMENTS.map((id) => fetch(`${id}.json`).then((r) => r.json()))).then((instruments) => {
  const survey = new Survey.Model({
    locale: 'sv',
    showProgressBar: true,
    showQuestionNumbers: 'off',
    pages: instruments.flatMap(pages),
  });
  survey.onValueChanged.add(() => performance.mark('surveyjs:answer-handled'));
  survey.render(document.getElementById('survey'));
});
