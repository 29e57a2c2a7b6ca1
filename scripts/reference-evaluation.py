#!/usr/bin/env python3
"""Reference figures for the evaluator statistics (step movement from intake to
exit), computed in plain Python and SciPy, independently of the Rust core. Run
once and commit the output:

    python3 -m venv /tmp/sci && /tmp/sci/bin/pip install scipy
    /tmp/sci/bin/python scripts/reference-evaluation.py

It writes two files:

- tests/fixtures/evaluation/dataset.json: a synthetic evaluation, three bundles
  of participants, responses, assessments and goals in the app's record format
  (docs/bundle-format.md section 3), with attrition, exits without intake,
  repeated intakes, second raters, special answers, skips and missing answers.
- tests/fixtures/evaluation/expected.json: the figures for that data set.

The figures are computed from dataset.json as read back from its JSON text and
from content/instruments/*.json only, never from the generator's own state.
Definitions are in DEFINITIONS below. The Wilcoxon call is the one of
scripts/reference-statistics.py.
"""
import datetime
import json
import random
import re
import statistics
from pathlib import Path

import scipy
from scipy.stats import binomtest, norm, rankdata, wilcoxon

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "evaluation"
MADE_BY = "scripts/reference-evaluation.py"

INSTRUMENTS = {
    p.stem: json.loads(p.read_text(encoding="utf-8"))
    for p in sorted((ROOT / "content" / "instruments").glob("*.json"))
}
HASHES = json.loads((ROOT / "content" / "instrument-hashes.json").read_text(encoding="utf-8"))

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKS = ["grundskola", "gymnasiet-nationellt", "introduktionsprogram", "sprakintroduktion", "kaa", "steg1"]
GENDERS = ["girl", "boy", "other", None]
AGE_BANDS = {"13-15": (13, 15), "16-19": (16, 19), "20-24": (20, 24)}
ANALYSED = ["kaa-steg", "skola-karna", "maende", "personal-beteende"]

DEFINITIONS = (
    "Per participant and instrument, the intake (exit) response is the one with timepoint intake (exit) and the "
    "latest completed_at; responses and assessments alike; follow-up and after-6-months are not used for change. "
    "Items: favourable != none, kind scale with ordered scale (or number), of kaa-steg, skola-karna, maende, "
    "personal-beteende. n_intake: with an intake response; n_both: with intake and exit response; intake_only = "
    "n_intake - n_both. Paired: both responses and the item answered with a point at both; special_pairs = n_both - "
    "n_paired (special, skipped or missing answer at either end). Change = rank(exit) - rank(intake), rank = position "
    "among the scale's point values sorted ascending, negated when favourable is lower. median_change = median of "
    "changes. wilcoxon: scipy wilcoxon(d, zero_method='wilcox', correction=False, method='approx') over the changes, "
    "rank_biserial = (W+ - W-)/(W+ + W-) over non-zero changes; null if no change is non-zero. Favourable: value >= "
    "cutoff (higher) or <= cutoff (lower); favourable_intake/exit count the paired. intake_only_*: intake-only "
    "participants with a point at intake (count, favourable count, median value); paired_intake_median: median intake "
    "value of the paired. Groups: all, gender (missing = null), track, language:ar (at least one answer in ar), "
    "project:syd (project_tag). Outcomes: exit_activity from the latest utfall at exit (huvudsaklig-aktivitet point; "
    "studies_or_work = points tagged studier-eller-arbete); support = forsorjning point at intake -> at exit (latest "
    "utfall at each); goals: last placement's step, reached = 5, median_change = last - first step over goals with "
    ">= 2 placements (n_moved)."
)


# ---------------------------------------------------------------------------
# Shared helpers (instrument definitions only)


def scale_of(instrument, item):
    for s in instrument.get("scales", []):
        if s["id"] == item.get("scale"):
            return s
    return None


def item_timepoints(instrument, item):
    return item.get("timepoints", instrument["timepoints"])


def code_ok(code):
    return (
        len(code) == 6
        and all(c in ALPHABET for c in code)
        and sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(code)) % 31 == 0
    )


# ---------------------------------------------------------------------------
# Generator


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.used_codes = set()
        self.used_times = set()

    def hex32(self):
        return f"{self.rng.getrandbits(128):032x}"

    def code(self):
        while True:
            head = [self.rng.randrange(31) for _ in range(5)]
            s = sum((i + 1) * x for i, x in enumerate(head))
            check = (-s * 26) % 31  # 26 = 6^-1 mod 31
            code = "".join(ALPHABET[x] for x in head + [check])
            assert code_ok(code)
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def moment(self, day):
        """A unique completed_at on that day, office hours."""
        while True:
            dt = datetime.datetime.combine(day, datetime.time(8, 0)) + datetime.timedelta(
                minutes=self.rng.randrange(8 * 60), seconds=self.rng.randrange(60),
                milliseconds=self.rng.randrange(1000))
            if iso(dt) not in self.used_times:
                self.used_times.add(iso(dt))
                return dt


def generate(rng):
    g = Gen(rng)
    first_day = datetime.date(2026, 1, 10)
    last_day = datetime.date(2026, 10, 30)

    # Who: 87 participants.
    genders = ["girl"] * 41 + ["boy"] * 39 + ["other"] * 4 + [None] * 3
    tracks = (["kaa"] * 46 + ["introduktionsprogram"] * 30 + ["sprakintroduktion"] * 5
              + ["grundskola"] * 3 + ["steg1"] * 3)
    rng.shuffle(genders)
    rng.shuffle(tracks)
    n = len(genders)
    assert len(tracks) == n
    langs = ["sv"] * n
    spr = [i for i in range(n) if tracks[i] == "sprakintroduktion"]
    others = [i for i in range(n) if tracks[i] != "sprakintroduktion"]
    ar = spr + rng.sample(others, 12 - len(spr))
    for i in ar:
        langs[i] = "ar"
    for i in rng.sample([i for i in range(n) if langs[i] == "sv"], 6):
        langs[i] = "en"
    bundle_of = [0] * 30 + [1] * 29 + [2] * 28
    rng.shuffle(bundle_of)
    bundles = [
        {"label": "Surfplatta 1", "project": "norr", "raters": ["AB", "KL", "MJS"]},
        {"label": "Surfplatta 2", "project": "norr", "raters": ["EH", "RN"]},
        {"label": "Surfplatta 3", "project": "syd", "raters": ["SO", "PAL", "TW"]},
    ]
    for b in bundles:
        b["device"] = g.hex32()
        b["participants"], b["responses"], b["assessments"], b["goals"] = [], [], [], []
    # Two participants on a norr tablet whose project_tag is syd (the group follows project_tag).
    syd_on_norr = set(rng.sample([i for i in range(n) if bundle_of[i] == 1], 2))

    age_range = {"grundskola": (13, 16), "introduktionsprogram": (15, 19), "sprakintroduktion": (16, 19),
                 "kaa": (16, 20), "steg1": (17, 24)}
    people = []
    for i in range(n):
        track = tracks[i]
        lo, hi = age_range[track]
        age = None if rng.random() < 0.05 or genders[i] is None and rng.random() < 0.7 else rng.randint(lo, hi)
        enrolled = first_day + datetime.timedelta(days=rng.randrange(0, 157))
        intake = enrolled + datetime.timedelta(days=rng.randrange(0, 11))
        left = rng.random() < 0.18
        exit_day = min(intake + datetime.timedelta(days=rng.randrange(70, 220)), datetime.date(2026, 10, 20))
        school = track != "kaa" or rng.random() < 0.3
        instr = []
        if rng.random() < 0.95:
            instr.append("kaa-steg")
        if school:
            instr.append("skola-karna")
        if rng.random() < 0.85:
            instr.append("maende")
        if track in ("kaa", "steg1") or rng.random() < 0.4:
            instr.append("personal-beteende")
        if rng.random() < 0.92:
            instr.append("utfall")
        people.append({
            "i": i, "code": g.code(), "track": track, "gender": genders[i], "age": age, "lang": langs[i],
            "bundle": bundle_of[i], "project": "syd" if i in syd_on_norr else bundles[bundle_of[i]]["project"],
            "enrolled": enrolled, "intake": intake, "exit": None if left else exit_day, "left": left,
            "instr": instr, "t": rng.gauss(0, 1), "gain": rng.gauss(0.6, 0.7),
        })

    # Per participant and instrument: intake and/or exit.
    for p in people:
        p["plan"] = {}
        for iid in p["instr"]:
            has_exit = p["exit"] is not None and (iid == "utfall" or rng.random() > 0.07)
            p["plan"][iid] = {"intake": True, "exit": has_exit}
        if p["left"] and "utfall" in p["plan"] and rng.random() < 0.6:
            p["plan"]["utfall"]["exit"] = True  # staff still record the outcome of one who left
            p["exit"] = min(p["intake"] + datetime.timedelta(days=rng.randrange(30, 120)),
                            datetime.date(2026, 10, 20))
            p["left_outcome"] = True
    # A few exits without intake.
    cands = [(p, iid) for p in people if not p["left"] for iid in p["plan"]
             if iid in ANALYSED and p["plan"][iid]["exit"]]
    for p, iid in rng.sample(cands, 5):
        p["plan"][iid]["intake"] = False

    base = {"kaa-steg": 1.2, "skola-karna": 1.8, "maende": 1.6, "personal-beteende": 1.4}

    def goodness(p, iid, k):
        """Latent position at intake and exit on 0..k-1, in the favourable direction."""
        s = (k - 1) / 3
        g0 = base[iid] + p["t"] * 0.8 * s + rng.gauss(0, 0.6)
        g1 = g0 + p["gain"] * s + rng.gauss(0, 0.55)
        clamp = lambda x: max(0, min(k - 1, round(x)))
        return clamp(g0), clamp(g1)

    def special_p(iid, item_id, tp):
        if iid == "skola-karna":
            return 0.12 if item_id == "yrkesutbildning" else 0.04
        if iid == "personal-beteende":
            return 0.14 if tp == "intake" else 0.04
        if iid == "utfall":
            return 0.08 if tp == "intake" else 0.04
        return 0.0

    def value_for(inst, item, pos, tp):
        sc = scale_of(inst, item)
        specials = sc.get("special", [])
        r = rng.random()
        if specials and r < special_p(inst["id"], item["id"], tp):
            return {"kind": "special", "id": rng.choice(specials)["id"]}
        if rng.random() < 0.035:
            return {"kind": "skipped"}
        values = sorted(pt["value"] for pt in sc["points"])
        return {"kind": "point", "value": values[pos]}

    def record(p, iid, tp, day, answers_by_item, rater=None):
        inst = INSTRUMENTS[iid]
        b = bundles[p["bundle"]]
        done = g.moment(day)
        items = [it for it in inst["items"] if tp in item_timepoints(inst, it) and it["id"] in answers_by_item]
        start = done - datetime.timedelta(minutes=rng.randrange(3, 15), seconds=rng.randrange(60))
        lang = "sv" if rater else p["lang"]
        answers = []
        for k, it in enumerate(items):
            at = start + (done - start) * (k + 1) / len(items)
            at = at.replace(microsecond=(at.microsecond // 1000) * 1000)
            answers.append({"item": it["id"], "value": answers_by_item[it["id"]], "language": lang,
                            "answered_at": iso(at)})
        rec = {"id": g.hex32(), "participant": p["code"], "track": p["track"], "timepoint": tp,
               "instrument": {"id": iid, "version": 1, "hash": HASHES[f"{iid}@1"]},
               "answers": answers, "language": lang, "started_at": iso(start), "completed_at": iso(done),
               "device": b["device"]}
        if rater:
            rec["rater"] = rater
            b["assessments"].append(rec)
        else:
            b["responses"].append(rec)
        p.setdefault("days", []).append(day)
        return rec

    def answers_for(p, iid, tp, which):
        """which: 0 intake, 1 exit; from the participant's latent positions per item."""
        inst = INSTRUMENTS[iid]
        out = {}
        for it in inst["items"]:
            if tp not in item_timepoints(inst, it):
                continue
            sc = scale_of(inst, it)
            values = sorted(pt["value"] for pt in sc["points"])
            k = len(values)
            key = (iid, it["id"])
            if key not in p["lat"]:
                p["lat"][key] = goodness(p, iid, k)
            good = p["lat"][key][which]
            pos = good if it["favourable"] != "lower" else k - 1 - good
            out[it["id"]] = value_for(inst, it, pos, tp)
        return out

    forsorjning_intake = {"young": [1] * 8 + [2] * 2 + [6], "adult": [1] * 3 + [4] * 4 + [6] * 3 + [5] + [7]}

    def utfall_answers(p, tp):
        inst = INSTRUMENTS["utfall"]
        sc = {s["id"]: s for s in inst["scales"]}
        out = {}
        if "forsorjning" not in p:
            grp = "young" if (p["age"] or 17) < 18 else "adult"
            p["forsorjning"] = rng.choice(forsorjning_intake[grp])
        f = p["forsorjning"]
        if tp != "intake":
            if rng.random() < 0.35:
                f = rng.choice([2, 2, 3, 3, 4, 1, 7])
                p["forsorjning"] = f
        r = rng.random()
        if r < special_p("utfall", "forsorjning", tp):
            out["forsorjning"] = {"kind": "special", "id": sc["forsorjning"]["special"][0]["id"]}
        elif r < special_p("utfall", "forsorjning", tp) + 0.03:
            out["forsorjning"] = {"kind": "skipped"}
        else:
            out["forsorjning"] = {"kind": "point", "value": f}
        if tp != "intake":
            if p.get("left_outcome"):
                act = rng.choice([7, 7, 8, 5])
            else:
                act = rng.choice([1] * 7 + [2] * 3 + [3] * 3 + [4] * 2 + [5] + [6] * 2 + [7] + [8])
            out["huvudsaklig-aktivitet"] = (
                {"kind": "skipped"} if rng.random() < 0.04 else {"kind": "point", "value": act})
        return out

    for p in people:
        p["lat"] = {}
        b = bundles[p["bundle"]]
        for iid, plan in p["plan"].items():
            rater = rng.choice(b["raters"]) if INSTRUMENTS[iid]["respondent"] == "staff" else None
            shift = datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
            if iid == "utfall":
                if plan["intake"]:
                    record(p, iid, "intake", p["intake"] + shift, utfall_answers(p, "intake"), rater)
                if plan["exit"]:
                    record(p, iid, "exit", p["exit"], utfall_answers(p, "exit"), rater)
                    after = p["exit"] + datetime.timedelta(days=182)
                    if after <= last_day and rng.random() < 0.7:
                        record(p, iid, "after-6-months", after, utfall_answers(p, "after-6-months"), rater)
                continue
            if plan["intake"]:
                p.setdefault("intakes", {})[iid] = record(
                    p, iid, "intake", p["intake"] + shift, answers_for(p, iid, "intake", 0), rater)
            if plan["exit"]:
                p.setdefault("exits", {})[iid] = record(
                    p, iid, "exit", p["exit"] - shift, answers_for(p, iid, "exit", 1), rater)
            if iid == "personal-beteende" and (p["exit"] or p["left"]) and rng.random() < 0.3:
                end = p["exit"] or p["intake"] + datetime.timedelta(days=80)
                mid = p["intake"] + (end - p["intake"]) / 2
                fu = {}
                for it_id, v in answers_for(p, iid, "follow-up", 1).items():
                    fu[it_id] = v if rng.random() < 0.5 else {"kind": "point", "value": rng.randint(1, 5)}
                record(p, iid, "follow-up", mid, fu, rater)

    # Missing answers: drop one answer from three intake or exit responses of own instruments.
    bad = [r for b in bundles for r in b["responses"]
           if r["instrument"]["id"] in ("kaa-steg", "maende") and len(r["answers"]) > 1]
    for r in rng.sample(bad, 3):
        del r["answers"][rng.randrange(len(r["answers"]))]

    def perturb(answers, inst):
        """Different answers for the same participant: move points by one, so the earlier response differs."""
        out = {}
        for it_id, v in answers.items():
            it = next(x for x in inst["items"] if x["id"] == it_id)
            values = sorted(pt["value"] for pt in scale_of(inst, it)["points"])
            if v["kind"] == "point":
                pos = values.index(v["value"])
                pos = pos + rng.choice([-1, 1]) if 0 < pos < len(values) - 1 else (1 if pos == 0 else pos - 1)
                out[it_id] = {"kind": "point", "value": values[pos]}
            else:
                out[it_id] = {"kind": "point", "value": rng.choice(values)}
        return out

    # Repeated intakes on the same instrument with other answers; the later one counts.
    dup = [p for p in people if p.get("intakes")]
    for k, p in enumerate(rng.sample(dup, 5)):
        iid = rng.choice(sorted(p["intakes"]))
        first = p["intakes"][iid]
        inst = INSTRUMENTS[iid]
        other = perturb({a["item"]: a["value"] for a in first["answers"]}, inst)
        rater = first.get("rater")
        done = when(first["completed_at"])
        if k == 1:
            # a re-do three days later: the added response is the later one and counts
            record(p, iid, "intake", done.date() + datetime.timedelta(days=3), other, rater)
            continue
        if k == 0:
            # the later response skipped the first item that the earlier one answered
            first["answers"][0]["value"] = {"kind": "skipped"}
        # an earlier attempt the same day
        rec = record(p, iid, "intake", done.date(), other, rater)
        gap = datetime.timedelta(minutes=rng.randrange(20, 240), seconds=rng.randrange(60))
        t_done = done - gap
        t_start = t_done - (when(rec["completed_at"]) - when(rec["started_at"]))
        shift = t_done - when(rec["completed_at"])
        g.used_times.discard(rec["completed_at"])
        assert iso(t_done) not in g.used_times
        g.used_times.add(iso(t_done))
        rec["completed_at"], rec["started_at"] = iso(t_done), iso(t_start)
        for a in rec["answers"]:
            a["answered_at"] = iso(when(a["answered_at"]) + shift)

    # Second rater at exit on personal-beteende: a later rating by another staff member.
    two = [p for p in people if "personal-beteende" in p.get("exits", {})]
    for p in rng.sample(two, 4):
        first = p["exits"]["personal-beteende"]
        raters = [r for r in bundles[p["bundle"]]["raters"] if r != first["rater"]]
        later = perturb({a["item"]: a["value"] for a in first["answers"]}, INSTRUMENTS["personal-beteende"])
        day = datetime.date.fromisoformat(first["completed_at"][:10]) + datetime.timedelta(days=rng.randrange(1, 6))
        record(p, "personal-beteende", "exit", day, later, rng.choice(raters))
        p["second_rater"] = True

    # Outcome corrected: a second, later utfall at exit with another activity (the later counts).
    ux = [p for p in people if p["plan"].get("utfall", {}).get("exit") and p["exit"] <= datetime.date(2026, 10, 25)]
    for p in rng.sample(ux, 3):
        answers = utfall_answers(p, "exit")
        answers["huvudsaklig-aktivitet"] = {"kind": "point", "value": rng.choice([1, 2, 3])}
        record(p, "utfall", "exit", p["exit"] + datetime.timedelta(days=rng.randrange(1, 5)), answers,
               rng.choice(bundles[p["bundle"]]["raters"]))

    # Goals for about half.
    texts = ["Komma i tid till skolan", "Gå upp själv på morgonen", "Skriva ett CV", "Söka tre jobb i månaden",
             "Gå till praktiken varje vecka", "Lära mig ta bussen själv", "Söka till gymnasiet",
             "Klara matten i årskurs nio", "Öppna ett bankkonto", "Komma till mötena med handläggaren",
             "Läsa in körkortsteorin", "Handla och laga mat själv", "Svara när personalen ringer",
             "Göra läxorna tre dagar i veckan", "Prata svenska på praktiken"]
    longer = {"Komma i tid till skolan": "Komma i tid till skolan minst fyra dagar i veckan",
              "Söka tre jobb i månaden": "Söka fem jobb i månaden",
              "Skriva ett CV": "Skriva ett CV och ett personligt brev"}
    for p in rng.sample(people, 44):
        b = bundles[p["bundle"]]
        for _ in range(1 if rng.random() < 0.7 else 2):
            text = rng.choice(texts)
            rater = rng.choice(b["raters"])
            start_day = p["intake"] + datetime.timedelta(days=rng.choice([0, 0, 3, 7]))
            end_day = p["exit"] if p["exit"] else None
            step = rng.choice([1, 1, 1, 2, 2, 3])
            placements = []
            t0 = g.moment(start_day)
            wordings = [{"text": text, "at": iso(t0 - datetime.timedelta(minutes=2)), "rater": rater}]
            placements.append({"timepoint": "intake", "step": step, "at": iso(t0), "rater": rater})
            horizon = end_day or start_day + datetime.timedelta(days=rng.randrange(20, 90))
            nfu = rng.choice([0, 0, 0, 1, 1, 2])
            last = start_day
            for j in range(nfu):
                day = start_day + (horizon - start_day) * (j + 1) / (nfu + 1)
                if day <= last:
                    continue
                step = max(1, min(5, step + rng.choice([-1, 0, 0, 1, 1, 1, 2])))
                t = g.moment(day)
                placements.append({"timepoint": "follow-up", "step": step, "at": iso(t), "rater": rater})
                if text in longer and rng.random() < 0.6:
                    wordings.append({"text": longer[text], "at": iso(t - datetime.timedelta(minutes=1)),
                                     "rater": rater})
                    text = longer[text]
                last = day
            goal = {"id": g.hex32(), "participant": p["code"],
                    "instrument": {"id": "mal-trappan", "version": 1, "hash": HASHES["mal-trappan@1"]},
                    "wordings": wordings, "placements": placements}
            if end_day and end_day > last and rng.random() < 0.7:
                step = max(1, min(5, step + rng.choice([-1, 0, 1, 1, 2, 2, 3])))
                t = g.moment(end_day)
                placements.append({"timepoint": "exit", "step": step, "at": iso(t), "rater": rater})
                if rng.random() < 0.6:
                    goal["closed_at"] = iso(t + datetime.timedelta(minutes=1))
            p.setdefault("days", []).append(horizon if not end_day else end_day)
            b["goals"].append(goal)

    # Participant records.
    for p in people:
        b = bundles[p["bundle"]]
        rec = {"id": p["code"], "track": p["track"], "project_tag": p["project"],
               "enrolled_on": p["enrolled"].isoformat(), "gender": p["gender"], "age": p["age"],
               "consent": {"participant_on": p["enrolled"].isoformat(),
                           "guardian_on": p["enrolled"].isoformat() if p["age"] is None or p["age"] < 18
                           else None}}
        if p["exit"] and not p["left"] and rng.random() < 0.5:
            closed = max(p.get("days", [p["exit"]])) + datetime.timedelta(days=rng.randrange(0, 8))
            rec["closed_on"] = min(closed, last_day).isoformat()
        b["participants"].append(rec)

    # Records in a bundle in time order, as a device would export them (order must not matter anyway).
    for b in bundles:
        b["responses"].sort(key=lambda r: (r["completed_at"], r["id"]))
        b["assessments"].sort(key=lambda r: (r["completed_at"], r["id"]))
        rng.shuffle(b["participants"])
    # The first bundle lists its responses newest first (order must not decide which response counts).
    b0 = bundles[0]
    b0["responses"].reverse()

    check_dataset(bundles, first_day, last_day)
    return {"made_by": MADE_BY,
            "bundles": [{k: b[k] for k in ("label", "project", "participants", "responses", "assessments", "goals")}
                        for b in bundles]}


def check_dataset(bundles, first_day, last_day):
    """Sanity checks of the generated records against the format and the brief."""
    seen_codes = set()
    where = {}
    for bi, b in enumerate(bundles):
        for p in b["participants"]:
            assert code_ok(p["id"]) and p["id"] not in seen_codes, p["id"]
            seen_codes.add(p["id"])
            where[p["id"]] = (bi, p)
            assert set(p) <= {"id", "track", "project_tag", "enrolled_on", "gender", "age", "consent", "closed_on"}
            assert p["track"] in TRACKS and p["gender"] in GENDERS
            assert p["age"] is None or 13 <= p["age"] <= 24
            assert p["consent"]["participant_on"] == p["enrolled_on"]
            need_guardian = p["age"] is None or p["age"] < 18
            assert p["consent"]["guardian_on"] == (p["enrolled_on"] if need_guardian else None)
    times = set()
    for bi, b in enumerate(bundles):
        for kind in ("responses", "assessments"):
            for r in b[kind]:
                owner_bundle, p = where[r["participant"]]
                assert owner_bundle == bi and r["track"] == p["track"]
                assert ("rater" in r) == (kind == "assessments")
                inst = INSTRUMENTS[r["instrument"]["id"]]
                assert (inst["respondent"] == "staff") == (kind == "assessments")
                assert r["instrument"]["hash"] == HASHES[inst["id"] + "@1"]
                assert r["timepoint"] in inst["timepoints"]
                assert r["completed_at"] not in times
                times.add(r["completed_at"])
                assert r["started_at"] <= r["completed_at"]
                day = datetime.date.fromisoformat(r["completed_at"][:10])
                assert first_day <= day <= last_day and p["enrolled_on"] <= day.isoformat()
                if "closed_on" in p:
                    assert day.isoformat() <= p["closed_on"]
                items = {it["id"]: it for it in inst["items"]}
                for a in r["answers"]:
                    it = items[a["item"]]
                    assert r["timepoint"] in item_timepoints(inst, it)
                    assert r["started_at"] <= a["answered_at"] <= r["completed_at"]
                    assert a["language"] == r["language"]
                    sc = scale_of(inst, it)
                    v = a["value"]
                    if v["kind"] == "point":
                        assert v["value"] in [pt["value"] for pt in sc["points"]]
                    elif v["kind"] == "special":
                        assert v["id"] in [s["id"] for s in sc.get("special", [])]
                    else:
                        assert v == {"kind": "skipped"}
        for goal in b["goals"]:
            owner_bundle, p = where[goal["participant"]]
            assert owner_bundle == bi
            for w in goal["wordings"]:
                assert not re.search(r"\d{6}", w["text"]) and "@" not in w["text"]
            ats = [pl["at"] for pl in goal["placements"]]
            assert ats == sorted(ats) and all(1 <= pl["step"] <= 5 for pl in goal["placements"])
            assert all(p["enrolled_on"] <= a[:10] for a in ats)
            if "closed_on" in p:
                assert all(a[:10] <= p["closed_on"] for a in ats + [goal.get("closed_at", "")])
    # exit after intake for each participant and instrument
    by = {}
    for b in bundles:
        for r in b["responses"] + b["assessments"]:
            by.setdefault((r["participant"], r["instrument"]["id"], r["timepoint"]), []).append(r["completed_at"])
    for (code, iid, tp), ts in by.items():
        if tp == "exit" and (code, iid, "intake") in by:
            assert min(ts) > max(by[(code, iid, "intake")]), (code, iid)


# ---------------------------------------------------------------------------
# Evaluation: from the data set's JSON and the instrument definitions only


def when(ts):
    return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))


def median_or_none(xs):
    return float(statistics.median(xs)) if xs else None


def wilson(k, n):
    """95 % Wilson score interval, from SciPy."""
    if n == 0:
        return None
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return [float(ci.low), float(ci.high)]


def hodges_lehmann(d):
    """Hodges-Lehmann estimate (median of Walsh averages, zeros included) and
    the 95 % interval of Hollander & Wolfe (1999, 3.2), normal approximation:
    the C-th smallest and largest Walsh averages, C = floor(n(n+1)/4 -
    z * sqrt(n(n+1)(2n+1)/24)); none when C < 1."""
    n = len(d)
    if n == 0:
        return None
    walsh = sorted((d[i] + d[j]) / 2 for i in range(n) for j in range(i, n))
    z = norm.ppf(0.975)
    c = int((n * (n + 1) / 4 - z * (n * (n + 1) * (2 * n + 1) / 24) ** 0.5) // 1)
    return {"estimate": float(statistics.median(walsh)),
            "interval": [walsh[c - 1], walsh[-c]] if c >= 1 else None}


def holm(ps):
    """Holm (1979) step-down adjusted p-values; None entries are left out."""
    idx = sorted((i for i, p in enumerate(ps) if p is not None), key=lambda i: ps[i])
    m, out, running = len(idx), [None] * len(ps), 0.0
    for rank, i in enumerate(idx):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


def wilcoxon_summary(d):
    nz = [x for x in d if x != 0]
    if not nz:
        return None
    res = wilcoxon(d, zero_method="wilcox", correction=False, method="approx")
    ranks = rankdata([abs(x) for x in nz])
    w_plus = sum(r for r, x in zip(ranks, nz) if x > 0)
    w_minus = sum(r for r, x in zip(ranks, nz) if x < 0)
    return {
        "statistic": float(res.statistic),
        "pvalue": float(res.pvalue),
        "zstatistic_abs": abs(float(res.zstatistic)),
        "rank_biserial": float((w_plus - w_minus) / (w_plus + w_minus)),
    }


def evaluate(ds):
    people = {}
    records = []
    goals = []
    for b in ds["bundles"]:
        for p in b["participants"]:
            people[p["id"]] = p
        records += b["responses"] + b["assessments"]
        goals += b["goals"]

    # latest response per (participant, instrument, timepoint)
    latest = {}
    for r in records:
        key = (r["participant"], r["instrument"]["id"], r["timepoint"])
        if key not in latest or when(r["completed_at"]) > when(latest[key]["completed_at"]):
            latest[key] = r

    def answer(r, item_id):
        for a in r["answers"]:
            if a["item"] == item_id:
                return a["value"]
        return None

    def point(r, item_id):
        v = answer(r, item_id)
        return v["value"] if v is not None and v["kind"] == "point" else None

    # groups
    groups = {"all": set(people)}
    for gname, gval in (("girl", "girl"), ("boy", "boy"), ("other", "other"), ("missing", None)):
        groups["gender:" + gname] = {c for c, p in people.items() if p["gender"] == gval}
    for t in TRACKS:
        members = {c for c, p in people.items() if p["track"] == t}
        if members:
            groups["track:" + t] = members
    # Age bands: 13-15, 16-19, 20-24; no age (or outside 13-24) is "missing".
    def band(age):
        return next((b for b, (lo, hi) in AGE_BANDS.items() if age is not None and lo <= age <= hi), "missing")
    for b in list(AGE_BANDS) + ["missing"]:
        members = {c for c, p in people.items() if band(p.get("age")) == b}
        if members:
            groups["age:" + b] = members
    groups["language:ar"] = {r["participant"] for r in records
                             if any(a["language"] == "ar" for a in r["answers"])}
    groups["project:syd"] = {c for c, p in people.items() if p["project_tag"] == "syd"}

    def item_entry(iid, item, gname, cutoff):
        inst = INSTRUMENTS[iid]
        values = sorted(pt["value"] for pt in scale_of(inst, item)["points"])
        sign = -1 if item["favourable"] == "lower" else 1

        def fav(v):
            return v >= cutoff if item["favourable"] == "higher" else v <= cutoff

        members = groups[gname]
        n_intake = n_both = 0
        changes, fav_in, fav_out, paired_intake = [], 0, 0, []
        io_points = []
        for c in sorted(members):
            ri = latest.get((c, iid, "intake"))
            re_ = latest.get((c, iid, "exit"))
            if ri is None:
                continue
            n_intake += 1
            a = point(ri, item["id"])
            if re_ is None:
                if a is not None:
                    io_points.append(a)
                continue
            n_both += 1
            b = point(re_, item["id"])
            if a is None or b is None:
                continue
            changes.append(sign * (values.index(b) - values.index(a)))
            fav_in += fav(a)
            fav_out += fav(b)
            paired_intake.append(a)
        return {
            "instrument": iid, "item": item["id"], "group": gname, "cutoff": cutoff,
            "n_intake": n_intake, "n_both": n_both, "intake_only": n_intake - n_both,
            "n_paired": len(changes), "special_pairs": n_both - len(changes),
            "better": sum(1 for x in changes if x > 0), "unchanged": sum(1 for x in changes if x == 0),
            "worse": sum(1 for x in changes if x < 0), "median_change": median_or_none(changes),
            "favourable_intake": fav_in, "favourable_exit": fav_out, "wilcoxon": wilcoxon_summary(changes),
            "intake_only_points": len(io_points), "intake_only_favourable": sum(1 for v in io_points if fav(v)),
            "intake_only_median": median_or_none(io_points), "paired_intake_median": median_or_none(paired_intake),
            "hodges_lehmann": hodges_lehmann(changes),
            "wilson_favourable_intake": wilson(fav_in, len(changes)),
            "wilson_favourable_exit": wilson(fav_out, len(changes)),
        }

    items = []
    for iid in ANALYSED:
        inst = INSTRUMENTS[iid]
        for item in inst["items"]:
            if item["favourable"] == "none":
                continue
            if item["kind"] == "scale" and not scale_of(inst, item)["ordered"]:
                continue
            assert item["kind"] == "scale", "number items would need their own change rule"
            for gname in groups:
                items.append(item_entry(iid, item, gname, item["favourable_cutoff"]))
    # Holm within each instrument, for each group, over the items' Wilcoxon p.
    for iid in ANALYSED:
        for gname in groups:
            family = [e for e in items if e["instrument"] == iid and e["group"] == gname]
            adjusted = holm([e["wilcoxon"]["pvalue"] if e["wilcoxon"] else None for e in family])
            for e, a in zip(family, adjusted):
                e["p_holm"] = a
    framtiden = next(it for it in INSTRUMENTS["kaa-steg"]["items"] if it["id"] == "framtiden")
    items.append(item_entry("kaa-steg", framtiden, "all", 4))

    utfall = INSTRUMENTS["utfall"]
    activity_scale = scale_of(utfall, next(it for it in utfall["items"] if it["id"] == "huvudsaklig-aktivitet"))
    tagged = {pt["value"] for pt in activity_scale["points"] if "studier-eller-arbete" in pt.get("tags", [])}

    def counts(xs):
        out = {}
        for x in sorted(xs):
            out[str(x)] = out.get(str(x), 0) + 1
        return out

    outcomes = []
    for gname in groups:
        if not (gname == "all" or gname.startswith(("gender:", "track:", "age:"))):
            continue
        members = sorted(groups[gname])
        acts = []
        later = []
        transitions = []
        for c in members:
            r6 = latest.get((c, "utfall", "after-6-months"))
            if r6 is not None and point(r6, "huvudsaklig-aktivitet") is not None:
                later.append(point(r6, "huvudsaklig-aktivitet"))
            rx = latest.get((c, "utfall", "exit"))
            ri = latest.get((c, "utfall", "intake"))
            if rx is not None and point(rx, "huvudsaklig-aktivitet") is not None:
                acts.append(point(rx, "huvudsaklig-aktivitet"))
            if rx is not None and ri is not None:
                a, b = point(ri, "forsorjning"), point(rx, "forsorjning")
                if a is not None and b is not None:
                    transitions.append((a, b))
        sw = sum(1 for a in acts if a in tagged)
        trans = {}
        for a, b in sorted(transitions):
            trans[f"{a}->{b}"] = trans.get(f"{a}->{b}", 0) + 1
        gl = [gg for gg in goals if gg["participant"] in groups[gname] and gg["placements"]]
        lasts, moves = [], []
        for gg in gl:
            pls = sorted(gg["placements"], key=lambda pl: when(pl["at"]))
            lasts.append(pls[-1]["step"])
            if len(pls) >= 2:
                moves.append(pls[-1]["step"] - pls[0]["step"])
        outcomes.append({
            "group": gname,
            "exit_activity": {"n": len(acts), "counts": counts(acts), "studies_or_work": sw,
                              "share": sw / len(acts) if acts else None, "wilson": wilson(sw, len(acts))},
            "after_6_months_activity": {"n": len(later), "counts": counts(later),
                                        "studies_or_work": sum(1 for a in later if a in tagged)},
            "support": {"n": len(transitions), "transitions": trans},
            "goals": {"n_goals": len([gg for gg in goals if gg["participant"] in groups[gname]]),
                      "last_step_counts": counts(lasts), "reached": sum(1 for s in lasts if s == 5),
                      "median_change": median_or_none(moves), "n_moved": len(moves)},
        })
    return {"made_by": MADE_BY, "scipy": scipy.__version__, "definitions": DEFINITIONS,
            "items": items, "outcomes": outcomes}, groups, latest


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def main():
    rng = random.Random(20261126)
    dataset = generate(rng)
    text = dump(dataset)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "dataset.json").write_text(text, encoding="utf-8")
    expected, groups, latest = evaluate(json.loads(text))
    (OUT / "expected.json").write_text(dump(expected), encoding="utf-8")

    # Summary
    ds = json.loads(text)
    for b in ds["bundles"]:
        print(f"{b['label']} ({b['project']}): {len(b['participants'])} participants, {len(b['responses'])} responses, "
              f"{len(b['assessments'])} assessments, {len(b['goals'])} goals")
    print("groups:", ", ".join(f"{k}={len(v)}" for k, v in groups.items()))
    small = {}
    for e in expected["items"]:
        if e["n_paired"] < 5:
            small.setdefault(e["instrument"] + "/" + e["item"], []).append(e["group"])
    print(f"{len(expected['items'])} item entries; {len(small)} items have n_paired < 5 in some group")
    nulls = sum(1 for e in expected["items"] if e["wilcoxon"] is None)
    print(f"wilcoxon null in {nulls} entries")
    for e in expected["items"]:
        if e["group"] == "all":
            w = e["wilcoxon"]
            print(f"  {e['instrument']}/{e['item']} c={e['cutoff']}: intake {e['n_intake']} both {e['n_both']} "
                  f"paired {e['n_paired']} special {e['special_pairs']} +{e['better']} ={e['unchanged']} "
                  f"-{e['worse']} med {e['median_change']} fav {e['favourable_intake']}->{e['favourable_exit']} "
                  f"p={w and round(w['pvalue'], 4)} io {e['intake_only_points']}/{e['intake_only_median']} "
                  f"vs {e['paired_intake_median']}")
    for o in expected["outcomes"]:
        print(" ", o["group"], json.dumps(o["exit_activity"]), o["support"]["n"], json.dumps(o["goals"]))


if __name__ == "__main__":
    main()
