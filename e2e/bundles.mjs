// Signed bundles made outside the app, with Node's `jose` (an independent JOSE
// implementation), in the format of docs/bundle-format.md: for importing
// records that no screen of the app has made, such as the evaluation dataset.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import * as jose from 'jose';

const ROOT = new URL('../', import.meta.url);
const INSTRUMENTS = new URL('content/instruments/', ROOT);

const readJson = async (url) => JSON.parse(await readFile(url, 'utf8'));

/** RFC 8785 for the integers and strings Stegvis uses: sorted keys, ES2015 JSON.stringify for values. */
export const canonical = (v) =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
  : JSON.stringify(v);

/**
 * `{id, version, hash, source, translations}` of one instrument, from content/: the
 * shipped version, or an earlier one kept whole in content/instruments/released/.
 */
export async function instrumentDefinition(id, version) {
  const source = await readJson(new URL(`${id}.json`, INSTRUMENTS));
  if (version !== undefined && version !== source.version) {
    return readJson(new URL(`released/${id}@${version}.json`, INSTRUMENTS));
  }
  const hashes = await readJson(new URL('content/instrument-hashes.json', ROOT));
  const hash = hashes[`${id}@${source.version}`];
  if (!hash) throw new Error(`no hash for ${id}@${source.version} in content/instrument-hashes.json`);
  const translations = {};
  const languages = (await readdir(INSTRUMENTS, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name !== 'released');
  for (const lang of languages.map((e) => e.name).sort()) {
    try {
      translations[lang] = await readJson(new URL(`${lang}/${id}.json`, INSTRUMENTS));
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  return { id, version: source.version, hash, source, translations };
}

/** `stegvis-<device>-<YYYY-MM-DD>-<sequence>.json`, as the app names an export. */
export function bundleFileName(label, created, sequence) {
  const slug = label
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `stegvis-${slug || 'enhet'}-${created.slice(0, 10)}-${sequence}.json`;
}

/**
 * The flattened JWS text of a bundle of `contents` ({label, project, participants,
 * responses, assessments, goals}) signed with an Ed25519 key pair from
 * `jose.generateKeyPair('EdDSA', {crv: 'Ed25519'})`.
 */
export async function signBundle(contents, { key, sequence = 1, previous = null, created = new Date().toISOString() }) {
  const jwk = await jose.exportJWK(key.publicKey);
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await jose.calculateJwkThumbprint(publicJwk);
  const { label, project, participants, responses, assessments, goals } = contents;
  const used = [...new Set([...responses, ...assessments, ...goals].map((r) => `${r.instrument.id}@${r.instrument.version}`))].sort();
  const payload = {
    format: 'stegvis-bundle',
    version: 1,
    device: { kid, label },
    project,
    sequence,
    previous,
    created,
    instruments: await Promise.all(used.map((u) => instrumentDefinition(...u.split('@').map((x, i) => (i ? Number(x) : x))))),
    participants,
    responses,
    assessments,
    goals,
    forwarded: [],
  };
  return signPayload(payload, key);
}

/** The flattened JWS text of `payload` as it is, signed with `key` (its `device.kid` must be the key's). */
export async function signPayload(payload, key) {
  const jwk = await jose.exportJWK(key.publicKey);
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await jose.calculateJwkThumbprint(publicJwk);
  const jws = await new jose.FlattenedSign(new TextEncoder().encode(canonical(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'stegvis-bundle+json', kid, jwk: publicJwk })
    .sign(key.privateKey);
  return JSON.stringify(jws);
}

/** A signed bundle's payload, decoded. */
export const payloadOf = (text) => JSON.parse(new TextDecoder().decode(jose.base64url.decode(JSON.parse(text).payload)));

/** The key id (JWK thumbprint) of an Ed25519 key pair, as a bundle's `device.kid`. */
export async function keyId(key) {
  const jwk = await jose.exportJWK(key.publicKey);
  return jose.calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
}

/** The three devices' bundles of tests/fixtures/evaluation/dataset.json, each signed by its own new key. */
export async function evaluationBundles() {
  const { bundles } = await readJson(new URL('tests/fixtures/evaluation/dataset.json', ROOT));
  return Promise.all(
    bundles.map(async (contents) => {
      const key = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const created = new Date().toISOString();
      const text = await signBundle(contents, { key, sequence: 1, previous: null, created });
      return { name: bundleFileName(contents.label, created, 1), text };
    }),
  );
}

/** A bundle like `text` from a new device, its payload changed by `change`, validly signed. */
export async function resigned(text, change) {
  const key = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const payload = payloadOf(text);
  payload.device = { kid: await keyId(key), label: 'Annan enhet' };
  payload.sequence = 1;
  payload.previous = null;
  change(payload);
  return signPayload(payload, key);
}

/**
 * Hostile files made from a good bundle's text, by file name: an answer off
 * its scale and an instrument nobody ships (a definition whose hash is its
 * content's), both validly signed, and a forged payload under the old signature.
 */
export async function hostileBundles(sample) {
  return {
    'off-scale.json': await resigned(sample, (p) => { p.responses[0].answers[0].value = { kind: 'point', value: 9 }; }),
    'unknown-instrument.json': await resigned(sample, (p) => {
      const known = p.instruments.find((d) => d.id === p.responses[0].instrument.id);
      const source = { ...known.source, id: 'okand-enkat' };
      const translations = Object.fromEntries(
        Object.entries(known.translations).map(([lang, { status, ...rest }]) => [lang, rest]),
      );
      const hash = `sha256:${createHash('sha256').update(canonical({ source, translations })).digest('hex')}`;
      p.instruments.push({ ...known, id: 'okand-enkat', source, hash });
      p.instruments.sort((a, b) => (a.id < b.id ? -1 : 1));
      p.responses[0].instrument = { id: 'okand-enkat', version: known.version, hash };
    }),
    'forged.json': (() => {
      const jws = JSON.parse(sample);
      const payload = payloadOf(sample);
      payload.responses[0].answers[0].value = { kind: 'point', value: 2 };
      return JSON.stringify({ ...jws, payload: jose.base64url.encode(JSON.stringify(payload)) });
    })(),
  };
}
