"""A schedule played as CI plays it: three runs over three dates, each in a fresh clone of what the run
before committed, with analysts' fact changes pushed between runs. Each run is contrib/publish.sh --commit
(the step every recipe runs) followed by a push, as the CI recipes do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import REPO, copy_repo

BRIEFGEN = str(Path(sys.executable).with_name("briefgen"))
CLEAN_GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}


def git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | CLEAN_GIT
    done = subprocess.run(["git", "-c", "user.name=Analyst", "-c", "user.email=analyst@example.org", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def clone(origin: Path, where: Path) -> Path:
    git(origin.parent, "clone", "-q", str(origin), str(where))
    return where


def run(origin: Path, where: Path, day: str) -> tuple[Path, str]:
    """One scheduled run in a fresh clone: publish and commit (no git identity configured), then push."""
    work = clone(origin, where)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SOURCE_DATE"))} | CLEAN_GIT | {
        "BRIEFGEN": BRIEFGEN, "BRIEFGEN_ARGS": f"--as-of {day} -j 2"}
    done = subprocess.run(["sh", "contrib/publish.sh", "--commit"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    git(work, "push", "-q", "origin", "HEAD:main")
    return work, done.stdout


def analyst(origin: Path, where: Path, changes: list[tuple[str, str, str]], message: str) -> None:
    """An analyst's fact changes, committed and pushed: (file, old text, new text)."""
    work = clone(origin, where)
    for file, old, new in changes:
        path = work / file
        assert old in path.read_text(), old
        path.write_text(path.read_text().replace(old, new))
    accept_reviews(work)  # the analyst revised the prose resting on the facts, and accepts the review
    git(work, "commit", "-qam", message)
    git(work, "push", "-q", "origin", "HEAD:main")


def accept_reviews(work: Path) -> None:
    """`briefgen accept` for every briefing with a review baseline (briefings/<id>.lock)."""
    import datetime as dt

    from briefgen.content import project as project_mod
    from briefgen.reports.review import accept

    project = project_mod.load(work)
    for bid in project.briefings:
        if (work / "briefings" / f"{bid}.lock").exists():
            accept(project, bid, (), dt.date(2026, 11, 24))


def editions(work: Path, briefing: str) -> list[str]:
    return sorted(p.name for p in (work / "editions" / briefing).iterdir() if p.is_dir())


def section(md: str, heading: str) -> str:
    return heading + md.split(heading)[1].split("\n## ")[0]


# The analysts' edits between runs, on facts the UK regulator brief prints (as the content stands:
# the ICO submission prints the ICO facts of facts/uk-ico.yaml and the judgement in later-reporting.yaml).
CONTEXT, OUTLOOK = "facts/uk-ico.yaml", "facts/later-reporting.yaml"
UKCTX = "facts/uk-ico-context.yaml"  # the submission's judgement and legal lines (issue 24, round 8)
DEADLINE_OLD = "with Cyber Essentials' five technical controls as the baseline."
DEADLINE_NEW = ("with Cyber Essentials' five technical controls as the baseline, and we expect the talks to run\n"
                "        into 2027.\n"
                "    change_note: We now expect the talks to run into 2027.")
EXPLORATORY_OLD = "      users after release, like GPT-5.6's, does.\n    kind: assessment"
EXPLORATORY_NEW = ("      users after release, like GPT-5.6's, does, now that the talks are past\n"
                   "      the exploratory stage.\n"
                   "    change_note: The talks are now reported to be past the exploratory stage.\n"
                   "    kind: assessment")
GDPR_OLD = "and covers\n        security and sub-processors (Article 28(3))."
GDPR_NEW = "and covers\n        security and sub-processors (Article 28(3)), which is auditable."
GDPR_MARK = ("    tags: [uk, ico, data-protection, contracts]\n",
             "    tags: [uk, ico, data-protection, contracts]\n    change: editorial\n"
             "    change_note: Reworded for readability.\n")
REVIEW = ("    tags: [later, smes]\n    as_of: 2026-12-07\n    review_by: 2027-01-11",
          "    tags: [later, smes]\n    as_of: 2026-12-07\n    review_by: 2027-04-11")
#: the fact whose review date REVIEW renews, and the judgement GDPR rewords
REVIEWED, REWORDED = "latest-reporting", "ico-processor-contract"


def content_origin(seed: Path, origin: Path) -> Path:
    """``seed`` (a copy of the content) with the publish recipe, committed and pushed to a bare ``origin``,
    as a team's content repository on its git host."""
    shutil.copy(REPO / ".gitignore", seed / ".gitignore")
    (seed / "contrib").mkdir()
    shutil.copy(REPO / "contrib/publish.sh", seed / "contrib/publish.sh")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "Fact base")
    git(origin.parent, "clone", "-q", "--bare", str(seed), str(origin))
    return origin


def test_three_scheduled_runs_in_fresh_clones(tmp_path: Path) -> None:
    seed = copy_repo(tmp_path / "seed")
    for spec in (seed / "briefings").glob("*.yaml"):  # page budgets are the content's business, not this test's
        lines = spec.read_text().splitlines(keepends=True)
        spec.write_text("".join(line for line in lines if not line.startswith(("  pages:", "  words:"))))
    origin = content_origin(seed, tmp_path / "origin.git")

    first, log = run(origin, tmp_path / "run-1", "2026-11-24")
    assert log.splitlines() == [log.strip()] and "3 editions published" in log  # one summary line
    assert editions(first, "uk-regulator") == ["2026-11-24"]
    assert git(first, "log", "-1", "--format=%an: %s") == (
        "briefgen: Publish editions: eu-official 2026-11-24, uk-regulator 2026-11-24, uk-sme 2026-11-24\n")

    analyst(origin, tmp_path / "analyst-1", [(CONTEXT, DEADLINE_OLD, DEADLINE_NEW)], "The talks run into 2027")
    second, log = run(origin, tmp_path / "run-2", "2026-11-25")
    assert not (second / "build").exists() or second != first
    md = (second / "build/uk-regulator.md").read_text()
    assert "What changed: We now expect the talks to run into 2027." in section(
        md, "## What has changed since 24 November 2026")
    assert editions(second, "uk-regulator") == ["2026-11-24", "2026-11-25"]

    analyst(origin, tmp_path / "analyst-2", [
        (UKCTX, EXPLORATORY_OLD, EXPLORATORY_NEW), (UKCTX, GDPR_OLD, GDPR_NEW), (UKCTX, *GDPR_MARK),
        (OUTLOOK, *REVIEW),
    ], "Talks past the exploratory stage; AISI judgement reworded; deadline fact reviewed")
    third, log = run(origin, tmp_path / "run-3", "2026-11-26")
    assert "3 editions published" not in log and "edition" in log
    md = (third / "build/uk-regulator.md").read_text()
    changes = section(md, "## What has changed since 25 November 2026")
    assert "past the exploratory stage" in changes
    assert "What changed: The talks are now reported to be past the exploratory stage." in changes
    assert "auditable" in md and "auditable" not in changes and "sub-processors" not in changes
    assert "run into 2027" not in changes  # unchanged since run 2 (only its review date was renewed)
    everything = "\n".join(p.read_text(errors="replace") for p in [*(third / "build").glob("*.md"),
                                                                    *(third / "build").glob("*.html"),
                                                                    *(third / "build").glob("*.txt"),
                                                                    *(third / "editions").rglob("*.atom"),
                                                                    *(third / "editions").rglob("*.html")])
    assert "Reworded for readability" not in everything  # the editorial change shows nowhere
    manifest = json.loads((third / "editions/uk-regulator/2026-11-26/manifest.json").read_text())
    assert manifest["since"] == "2026-11-25"
    assert [(c["id"], c["note"]) for c in manifest["changes"]["editorial"]] == [
        (REWORDED, "Reworded for readability.")]
    assert manifest["changes"]["reviewed"] == [REVIEWED]
    assert editions(third, "uk-regulator") == ["2026-11-24", "2026-11-25", "2026-11-26"]
    feed = (third / "editions/uk-regulator/feed.atom").read_text()
    assert feed.count("<entry>") == 3 and "past the exploratory stage." in feed
    assert git(third, "log", "--format=%an", "-8").split() == [
        "briefgen", "Analyst", "briefgen", "Analyst", "briefgen", "Analyst"]


def test_the_cron_line_works_on_a_fresh_clone_and_logs_one_line_per_run(starter: Path, tmp_path: Path) -> None:
    line = next(x for x in (REPO / "contrib/briefgen.cron").read_text().splitlines() if x and x[0] != "#")
    command = line.split(None, 5)[5]  # after the five schedule fields
    assert "build/" not in command  # a fresh clone has no build/ to log into
    shutil.copy(REPO / ".gitignore", starter / ".gitignore")
    (starter / "contrib").mkdir()
    shutil.copy(REPO / "contrib/publish.sh", starter / "contrib/publish.sh")
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md]"))
    git(starter, "init", "-q", "-b", "main")
    git(starter, "add", "-A")
    git(starter, "commit", "-qm", "Fact base")
    work = clone(starter, tmp_path / "fresh")
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "SHELL": "/bin/sh", "BRIEFGEN": BRIEFGEN,
           "BRIEFGEN_ARGS": "--as-of 2026-11-24"} | CLEAN_GIT  # cron's environment, and no git identity
    for _ in range(2):
        subprocess.run(["/bin/sh", "-c", command.replace("/srv/briefs", str(work))], env=env, check=True, timeout=120)
    log = (home / "briefgen.log").read_text().splitlines()
    evidence = "evidence: 0 of 0 phrases verified: 1 source text missing from the archive"  # the starter's one source
    assert [x.split(" in ")[0] for x in log] == [
        f"briefgen: 1 built, 0 up to date, 1 edition published, 0 failed, {evidence}",
        f"briefgen: 0 built, 1 up to date, 0 editions published, 0 failed, {evidence}"]
    assert git(work, "log", "-1", "--format=%an: %s") == "briefgen: Publish editions: example 2026-11-24\n"
    assert git(work, "status", "--porcelain") == ""  # build/ ignored, editions committed


def test_the_systemd_units_verify_and_the_service_logs_its_summary(tmp_path: Path) -> None:
    service = (REPO / "contrib/briefgen.service").read_text()
    start = next(x for x in service.splitlines() if x.startswith("ExecStart="))
    assert start == "ExecStart=/bin/sh contrib/publish.sh --commit"  # no --quiet: the summary line reaches the journal
    assert '"$briefgen" publish --strict --wait ${BRIEFGEN_ARGS:-}' in (REPO / "contrib/publish.sh").read_text()
    if shutil.which("systemd-analyze") is None:
        return  # the units' syntax is still checked wherever systemd is installed (Debian: apt-get install systemd)
    for name in ("briefgen.service", "briefgen.timer"):
        shutil.copy(REPO / "contrib" / name, tmp_path / name)
    done = subprocess.run(["systemd-analyze", "verify", "briefgen.timer", "briefgen.service"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_ci_recipes_use_root_only_for_system_packages_and_publish_commit_and_keep_the_pdfs() -> None:
    import yaml

    github = yaml.safe_load((REPO / "contrib/github-publish.yml").read_text())
    assert github["permissions"] == {"contents": "write"}
    steps = github["jobs"]["publish"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert [r for r in runs if "sudo" in r] == ["sudo sh scripts/system-deps.sh"]  # never sudo make
    assert "sh contrib/publish.sh --commit" in runs and any(r.startswith("git push") for r in runs)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    # a partial publish is pushed, and only what was recorded is shipped (test_schedule_partial.py)
    push = next(s for s in steps if s.get("run", "").startswith("git push"))
    assert push["if"] == upload["if"] == "${{ !cancelled() }}" and upload["with"]["path"] == "editions/"
    gitlab = yaml.safe_load((REPO / "contrib/gitlab-ci.yml").read_text())["publish-briefs"]
    assert gitlab["script"][:2] == ["sh scripts/system-deps.sh",
                                    "status=0; sh contrib/publish.sh --commit || status=$?"]
    assert gitlab["script"][2].startswith("git push") and "BRIEFGEN_PUSH_TOKEN" in gitlab["script"][2]
    assert gitlab["script"][3] == 'exit "$status"' and gitlab["artifacts"]["paths"] == ["editions/"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in gitlab["rules"]
