// One folder for scripts/serve.mjs to serve both apps from, on one origin:
// a copy of Stegvis's build at the root (so a rebuild during the run changes
// nothing) and the SurveyJS page under surveyjs/, as links to its files.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './sizes.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** What the SurveyJS page is made of, by the name it is served under. */
export const SURVEYJS_FILES = {
  'index.html': here('surveyjs/index.html'),
  'survey.js': here('surveyjs/survey.js'),
  'survey.core.min.js': here('../node_modules/survey-core/survey.core.min.js'),
  'survey-core.fontless.min.css': here('../node_modules/survey-core/survey-core.fontless.min.css'),
  'swedish.min.js': here('../node_modules/survey-core/i18n/swedish.min.js'),
  'survey-js-ui.min.js': here('../node_modules/survey-js-ui/survey-js-ui.min.js'),
  'skola-karna.json': here('../content/instruments/skola-karna.json'),
  'kaa-steg.json': here('../content/instruments/kaa-steg.json'),
};

/** Makes the folder; returns its path, Stegvis's files in it, and a function that removes it. */
export function stage(dist) {
  const root = mkdtempSync(join(tmpdir(), 'stegvis-bench-'));
  cpSync(dist, root, { recursive: true });
  const stegvis = filesUnder(root);
  mkdirSync(join(root, 'surveyjs'));
  for (const [name, file] of Object.entries(SURVEYJS_FILES)) symlinkSync(file, join(root, 'surveyjs', name));
  return { root, stegvis, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The file a same-origin URL path is served from, as scripts/serve.mjs maps it. */
export function servedFile(root, pathname) {
  const path = decodeURIComponent(pathname);
  return join(root, path.endsWith('/') ? `${path}index.html` : path);
}
