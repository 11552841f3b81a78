"""Health-claim risk (CL001-CL012): one check per claim category.

The scanner (``seoaudit.claims``) finds risky sentences in the main content; each
check here reports one category, with a severity set by the configured profile
(``profile = "ca-on-physio"``): ``bad`` where the profile's rules forbid the claim,
``ok`` (a warning) where it is risky but not forbidden, not judged where ``off``.
Every finding quotes the sentence, names the rule and suggests safer wording, filled
for the page: the rules file's suggestions are templates whose {treatment} and
{practitioner} slots name what the page is about (``page_slots``).
CL012 (unauthorised "Dr." titles) has its own engine, ``seoaudit.doctor_title``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import doctor_title as DT
from .. import text as T
from ..claims import BUNDLED_RULES, DEFAULT_TREATMENT, DocClaim, general_suggestions, RuleSet, load_rules, named_treatment, rules_for_page, scan_document
from ..language import not_read, page_language, reader_register
from ..models import Evidence
from ..profiles import Profile, clinic_data, clinic_of
from ..registry import Outcome, check, fill_example
from .clinic_common import doc_jsonld_nodes, page_treatment, types_of
from .trust import find_authors


@dataclass(frozen=True)
class ClaimOptions:
    # a path to your own rules.toml (same format as seoaudit/data/claims/rules.toml)
    rules_file: str = ""
    # extra names whose words are not claims, besides the configured clinic_name
    names: tuple[str, ...] = ()


def _rules(doc, opts: ClaimOptions):
    """Your ``rules_file``, else the bundled set for the page's language (None: none reads it)."""
    if not opts.rules_file:
        return rules_for_page(doc)
    try:
        return load_rules(opts.rules_file)
    except OSError as exc:
        raise ValueError(f"rules_file {opts.rules_file}: {exc.strerror or exc}") from None


def _claims(doc, opts: ClaimOptions, ctx, rules) -> tuple[DocClaim, ...]:
    clinic = clinic_of(ctx)
    names = tuple(n for n in (*clinic.names, *opts.names) if n)
    return scan_document(doc, names=names, rules=rules)


@dataclass(frozen=True)
class PageSlots:
    """What fills the slots of one page's safer wordings (``page_slots``)."""

    treatment: str  # "physiotherapy", "la physiothérapie", "treatment"
    practitioner: str  # "physiotherapist", "physiothérapeute", "practitioner"
    keyphrase: str = ""
    city: str = ""
    language: str = "en"
    informal: bool = False  # the page addresses its reader informally (``reader_register``)

    def fill(self, template: str) -> str:
        """``template`` (a rules file's suggestion) for this page."""
        return fill_example(template, self.keyphrase, self.city, self.language,
                            treatment=self.treatment, practitioner=self.practitioner)

    def safer(self, hit) -> str:
        """A claim's safer wording for this page, in the page's register when the rules file
        has one for it ("tu fisioterapeuta te explica" on a post written in tú)."""
        return self.fill(hit.suggestion_informal if self.informal and hit.suggestion_informal else hit.suggestion)


def page_slots(doc, ctx, rules: RuleSet) -> PageSlots:
    """The treatment the page is about and who gives it, as ``rules`` names them in its
    suggestions.

    The treatment is ``page_treatment``'s (the keyphrases, the H1s, the title, then the
    clinic's profession), the same the page's fix examples name. The practitioner is the one
    who gives that treatment: a physiotherapy clinic's post about chiropractic care was told
    "your physiotherapist explains what chiropractic care can and cannot do", and its massage
    post "registered physiotherapist with 10 years in practice" (a clinic of several
    disciplines has a practitioner for each). It is the clinic's profession when the page is
    about that profession's treatment, names none, or names one its rules file gives no
    practitioner of its own (dry needling, cupping: "practitioner"), which the clinic's own
    people give. When nothing names a treatment the rules file's default fills the slots
    ("treatment", "le traitement"): a suggestion never names a treatment the page is not
    about, as the acupuncture wordings once did on dental and massage posts.
    """
    treatment = page_treatment(doc, ctx, rules)
    profession = named_treatment(rules, clinic_of(ctx).profession)
    default = rules.treatments[DEFAULT_TREATMENT]
    # a treatment whose practitioner is the rules file's default ("practitioner") names no one
    own_practitioner = treatment is not None and treatment.practitioner != default.practitioner
    giver = treatment if own_practitioner else (profession or treatment or default)
    return PageSlots(
        treatment=(treatment or default).name,
        practitioner=giver.practitioner,
        keyphrase=(tuple(k.text for k in ctx.keyphrases) or ("",))[0],
        city=(ctx.cities or ("",))[0],
        language=page_language(doc)[0],
        informal=reader_register(doc) == "informal",
    )


#: a claim in a patient's words: a quote cannot be reworded, so the advice is to remove it
IN_TESTIMONIAL = ("In a testimonial: a patient's words on your site are your claim, and a quote cannot be "
                  "reworded; remove the quote (or this claim from it). In your own words: ")


def _evidence(claim: DocClaim, status: str, slots: PageSlots, testimonial: bool = False) -> Evidence:
    hit = claim.hit
    kind = "sentence" if claim.where == "body" else ("heading" if claim.where == "heading" else "element")
    return Evidence(
        kind=kind,
        text=hit.sentence,
        verdict=hit.category,
        status=status,
        highlights=hit.matched,
        # where it is when not in the main content; its rule and advice are fields of their own
        detail=f"In the {claim.where}" if claim.where in ("title", "meta description") else "",
        position=claim.position,
        line=claim.line,
        rule=hit.rule,
        advice=IN_TESTIMONIAL + slots.safer(hit) if testimonial else f"Safer: {slots.safer(hit)}",
    )


def _testimonials_forbidden(profile: Profile) -> str:
    """", and ..." when the profile's rules forbid testimonials (the Ontario colleges), else "":
    a clinic elsewhere is not told about another province's ban."""
    if profile.severity_of("testimonial") != "bad":
        return ""
    return f", and testimonials are not allowed under the {profile.name} profile ({profile.title})"


def _review_widgets(doc, profile: Profile) -> list[Evidence]:
    """Review and testimonial widgets anywhere on the page (sidebars included)."""
    return [
        Evidence(
            "element",
            widget,
            verdict="testimonial",
            detail=f"A review/testimonial widget on the page: its quotes are judged as your own claims{_testimonials_forbidden(profile)}",
        )
        for widget in doc.review_widgets
    ]


def _testimonial_extras(doc, profile: Profile) -> list[Evidence]:
    return _self_ratings(doc, profile) + _review_widgets(doc, profile)


def _self_ratings(doc, profile: Profile) -> list[Evidence]:
    """aggregateRating/review on the clinic's own node (a LocalBusiness, the
    organisation or a Physician): Google's self-serving reviews, and testimonials."""
    data = clinic_data()
    business = {*data["specific_business_types"], *data["generic_business_types"], *data["not_local_business"]}
    out = []
    for node in doc_jsonld_nodes(doc):
        types = types_of(node)
        if not types & business:
            continue
        for key in ("aggregateRating", "review"):
            if key in node:
                label = "/".join(sorted(types))
                out.append(
                    Evidence(
                        "element",
                        f"JSON-LD {label} '{node.get('name') or '(no name)'}' has {key}",
                        verdict="testimonial",
                        highlights=(key,),
                        detail=f"Reviews of your own business: not eligible for review stars (Google), and judged as testimonials{_testimonials_forbidden(profile)}",
                    )
                )
    return out


#: a claim the profile forbids (status bad; risky claims are ok) holds the page score to
#: this: a regulator's objection is not made up for by good readability
CLAIM_SCORE_CAP = 70.0


CONDITION_LIST = "condition-list"  # the category (and evidence verdict) of CL009
#: conditions a CL009 finding names before "and N more"
CONDITIONS_NAMED = 4


def claim_finding(e: Evidence) -> tuple[object, str]:
    """A claim found, as a finding: (key, name). The name is its wording (which
    ``_claim_outcome``'s message quotes, a short one with the words around it); the key, what a baseline compares (gate.py),
    is that wording in any case, and for a condition list (CL009) the conditions listed,
    in any order: adding one to a baselined list is a new claim."""
    phrase = _phrase_of(e)
    if e.verdict == CONDITION_LIST and e.highlights:
        return tuple(sorted({" ".join(h.split()).casefold() for h in e.highlights})), f"'{phrase}'"
    return phrase.casefold(), f"'{phrase}'"


def _phrase_of(e: Evidence) -> str:
    """The wording a finding is named by: the first match, or for a condition list every
    condition listed ("headaches, migraines, insomnia, anxiety and 1 more"). The first
    alone named the list by its first condition, most often the post's own topic."""
    if e.verdict == CONDITION_LIST and len(e.highlights) > 1:
        return T.some_of([" ".join(h.split()) for h in e.highlights], CONDITIONS_NAMED)
    return " ".join((e.highlights[0] if e.highlights else e.text).split())[:60]


#: a wording of this many words reads on its own; a shorter one is quoted with the words around it
READS_ALONE_WORDS = 4


def _in_context(e: Evidence, phrase: str) -> str:
    if e.verdict == CONDITION_LIST or len(phrase.split()) >= READS_ALONE_WORDS:
        return phrase
    # about seven words in all: a two-word wording gets three either side, a three-word one two
    return T.words_around(e.text, phrase, 3 if len(phrase.split()) < 3 else 2)


def _claim_outcome(what: str, evidence: list[Evidence], severity: str, profile_name: str) -> Outcome:
    """good when nothing was found; else ``severity`` ("bad" or "ok") with the findings.
    ``what`` is the finding's name as a title ("Cure or permanence claim")."""
    level = "error" if severity == "bad" else "warning"
    lower = what[:1].lower() + what[1:]
    threshold = f"no {lower} ({profile_name}: {level})"
    if not evidence:
        return Outcome("good", value=0, message=f"No {lower} found.", threshold=threshold)
    # the wording found, so the author knows what to rewrite without opening the scorecard:
    # the count is of findings (one per sentence, heading or element, as in the evidence), and
    # the list names each wording once with how often it was found, so the two agree
    # ("3 found: 'best physiotherapy' (2 times), 'number one'")
    by_key: dict[str, str] = {}
    phrases = []
    context: dict[str, str] = {}  # a wording's first finding with the words around it
    for e in evidence:
        phrase = _phrase_of(e)
        name = by_key.setdefault(phrase.casefold(), f"'{phrase}'")
        phrases.append(name)
        context.setdefault(name, _in_context(e, phrase))

    def show(name: str, count: int) -> str:
        # "'Acupuncture Cures Back Pain' ('Cures' 3 times)": the trigger alone ('Cures') said
        # nothing in a one-line summary; the count stays the wording's, as the findings' names
        around = context[name]
        if f"'{around}'" == name:
            return T.counted(name, count)
        return f"'{around}'" + (f" ({name} {T.plural(count, 'time')})" if count > 1 else "")

    shown = T.some_of_counted(phrases, 2, show=show)
    return Outcome(
        severity,
        value=len(evidence),
        message=f"{what}: {len(evidence)} found ({level} under the {profile_name} profile): {shown}.",
        evidence=tuple(evidence),
        threshold=threshold,
    )


_LANGUAGES_DOC = """

    Languages: English pages are read with ``data/claims/rules.toml``, French and Spanish
    pages with ``rules_fr.toml`` and ``rules_es.toml`` (by the page's ``lang``, or its
    text's language); pages in other languages are not applicable unless ``rules_file``
    is set.
    """


def _make_check(code: str, category: str, name: str, title: str, fail_title: str, why: str, doc: str, extra=None):
    rules = load_rules()
    cat = rules.categories[category]
    # the check's fix (explain, SARIF help, the scorecard's "how to fix") is the suggestion for
    # no page in particular, in the page's language; each finding has it for its own page
    general = {key: wording for language in BUNDLED_RULES
               for key, wording in general_suggestions(language).get(category, {}).items()}

    @check(
        code=code,
        name=name,
        category="clinic",
        title=title,
        fail_title=fail_title,
        why=why,
        source=cat.source,
        # said as general advice, so that it does not read as a second, contradicting wording
        # beside a Spanish or dental finding's own
        fix="Rewrite or remove each sentence found: each finding gives a safer wording for its page, in its language. "
            "In general: {example}",
        fix_examples=general,
        options=ClaimOptions,
        caps_score=CLAIM_SCORE_CAP,
        findings=claim_finding,  # every evidence item is a claim found
    )
    def run(doc_, opts: ClaimOptions, ctx) -> Outcome:
        profile = clinic_of(ctx).profile
        severity = profile.severity_of(category)
        if severity == "off":
            return Outcome.na(f"Not judged under the '{profile.name}' profile.")
        # the bundled rules read a few languages (BUNDLED_RULES); a page in another is judged
        # only by its structured data (ratings), or by the user's own rules file
        rules = _rules(doc_, opts)
        every = () if rules is None else _claims(doc_, opts, ctx, rules)
        found = [c for c in every if c.hit.category == category]
        # the sentences that are a patient's words (CL007's rules), whatever CL007's own level
        quoted = {(c.position, c.hit.sentence) for c in every if c.hit.category == "testimonial"} if category != "testimonial" else set()
        # a rule with a profile_key (the conditions only the UK restricts) has that key's severity
        judged = [(c, profile.severity_of(c.hit.profile_key) if c.hit.profile_key else severity) for c in found]
        judged = [(c, level) for c, level in judged if level != "off"]
        slots = page_slots(doc_, ctx, rules) if judged else None
        evidence = [_evidence(c, level, slots, (c.position, c.hit.sentence) in quoted) for c, level in judged]
        levels = [level for _, level in judged]
        if extra is not None:
            extras = extra(doc_, profile)
            evidence += extras
            levels += [severity] * len(extras)
        if rules is None and not evidence:
            return Outcome.na(not_read(doc_, BUNDLED_RULES, "the bundled claim rules") + " "
                              "Give your own with the rules_file option.")
        return _claim_outcome(cat.title, evidence, "bad" if "bad" in levels else "ok" if levels else severity, profile.name)

    run.__name__ = name.replace("-", "_")
    run.claim_category = category
    run.__doc__ = doc.rstrip() + _LANGUAGES_DOC
    return run


cure = _make_check(
    "CL001", "cure", "claim-cure",
    "No cure or permanence claims", "The post claims a cure or a lasting effect",
    "Advertising rules treat 'cures', 'permanent relief' and 'get rid of' as efficacy claims that need trial evidence few therapies have.",
    """Flags cure and permanence wording: "cures", "permanent relief", "the results are
    permanent", "heal ... for good", "completely gone after four sessions", "a miracle
    worker", "get rid of your migraines", "fix the root cause", "treats the real cause of pain",
    "reverse arthritis". "Permanent teeth" and "the effects of gum disease are permanent" pass.

    Negations ("does not cure"), genuine questions ("Can acupuncture cure back pain?"),
    disclaimers ("not intended to diagnose, treat or cure") and reported claims ("some
    sites claim...") do not count. Severity from the profile (error everywhere).
    Options: ``rules_file`` (your own patterns), ``names`` (names that are not claims).

    Passes: "Acupuncture may ease chronic low back pain for some people."
    Fails: "Acupuncture cures chronic back pain without drugs."
    """,
)

guarantee = _make_check(
    "CL002", "guarantee", "claim-guarantee",
    "No guarantees or success rates", "The post guarantees results or quotes a success rate",
    "Colleges forbid guarantees of treatment results; a clinic's own success rate is an unverifiable efficacy claim.",
    """Flags guarantees and success rates: "guaranteed", "95% success rate", "90% of our
    patients", "pain-free after one session", "works for everyone", "instant relief", "most of
    our patients never need to come back" (a success rate without a number, and a lasting one).

    Passes: "Results vary; we review your progress after four visits."
    Fails: "We guarantee you will feel better after your first visit."
    """,
)

safety = _make_check(
    "CL003", "safety", "claim-safety",
    "No absolute safety claims", "The post claims a treatment is completely safe",
    "Every treatment has side effects; 'no side effects' or 'natural, so safe' misleads and has been ruled against, and 'completely painless' promises what only the patient can feel.",
    """Flags safety absolutes: "no side effects", "completely/100% safe", "risk-free",
    "harmless", "natural, so it is safe", "safe for everyone", and a procedure said not to
    hurt: "completely painless", "painless and pain-free", "the extraction is painless",
    "painless dentistry". Hedged wording ("usually painless", "painless for most people",
    "as painless as possible") and other things ("a painless booking process") pass.

    Passes: "Acupuncture is generally well tolerated; bruising can occur."
    Fails: "Acupuncture has no side effects."
    """,
)

superiority = _make_check(
    "CL004", "superiority", "claim-superiority",
    "No claims of superiority over medicine or other providers", "The post claims to beat medicine or other providers",
    "Comparative claims are banned by Canadian colleges, and discouraging medical treatment is a CAP 12.2 breach.",
    """Flags comparisons with medicine or other providers: "more effective than medication",
    "no need for painkillers", "avoid surgery", "when nothing else worked", "better than
    any other clinic", "works better than braces", "more effective than dentures", "Unlike
    pills, our program treats the real cause", "Unlike other clinics, we...". A
    comparison with medicine is answered with the physician wording, one with another
    treatment or provider with a comparison that does not rank.

    Passes: "Acupuncture can be used alongside the care your physician provides."
    Fails: "Acupuncture is more effective than medication for back pain."
    """,
)

evidence = _make_check(
    "CL005", "evidence", "claim-evidence-uncited",
    "Evidence claims carry a citation", "The post says 'studies show' without citing them",
    "An establishment claim ('clinically proven', 'studies show') needs the evidence it names; readers and regulators expect a source.",
    """Flags "studies show", "research proves", "clinically proven", "proven to",
    "evidence-based" when the same paragraph has no outbound link and the sentence no
    inline citation such as "(Qaseem et al., 2017)" or "[3]".

    Passes: "Studies show a small benefit [link to a Cochrane review]."
    Fails: "Studies show that acupuncture relieves back pain." (no link in the paragraph)
    """,
)

superlative = _make_check(
    "CL006", "superlative", "claim-superlative",
    "No superlatives or specialist titles", "The post uses superlatives, rankings or specialist titles",
    "Alberta and Ontario colleges forbid superlative and superiority statements and unearned specialist titles; they cannot be verified.",
    """Flags "best clinic", "#1", "number one", "finest", "leading clinic", "world-class",
    "top-rated", "most trusted", "the most effective treatment for migraines", "specialist", "we specialise in", "experts in", and the
    best of a dental service ("the best teeth whitening", "best dental implants").

    "#1", "number one" and "No. 1" count when they rank the clinic, its people or its care
    ("Edmonton's #1 physiotherapy team", "Voted #1 again this year", "we're number one in
    Burlington"), not something else ("Back pain is the number one reason people miss work",
    "the #1 cause of neck pain") nor a list's numbering ("Tip #1:").

    Words inside other names ("Best Western", "Premier Inn") and the configured
    clinic name do not count; nor do "works best", "for best results", "leading cause".

    Passes: "Registered acupuncturist (R.Ac.) with 10 years in practice."
    Fails: "We are the best acupuncture clinic in Edmonton."
    """,
)

testimonial = _make_check(
    "CL007", "testimonial", "claim-testimonial",
    "No testimonials or patient reviews", "The post carries testimonials or review markup",
    "Ontario physiotherapy and TCM colleges ban testimonials; elsewhere they are not evidence and are judged as your own claims.",
    """Flags first-person outcome quotes ("my back pain was gone", "changed my life",
    "I can finally sleep", "my teeth were straight in 8 months", "I love my smile"), outcomes the
    clinic reports in its patients' name ("Many clients tell us massage has changed their lives"),
    its count of happy patients ("Over 2,000 happy patients can't be wrong!", as "thousands of
    happy patients": their approval offered as proof, an endorsement under 16 C.F.R. 255),
    "what our patients say", "patient testimonials", star
    ratings, ``aggregateRating``/``review`` JSON-LD on the clinic itself (Google:
    self-serving reviews are not eligible), and review/testimonial widgets anywhere on
    the page (Elfsight, Trustindex, Trustpilot, Birdeye... embeds; blocks classed
    "testimonial", "google-reviews", "star-rating").

    Like every claim check it also reads the title and the meta description.

    Error under ``ca-on-physio`` and ``ca-on-tcm``; a warning elsewhere.

    Passes: a post with no patient quotes. Fails: '"My back pain was gone after two
    sessions," says Mary.'
    """,
    extra=_testimonial_extras,
)

serious = _make_check(
    "CL008", "serious", "claim-serious-condition",
    "No claims about serious conditions", "The post claims to treat a serious condition",
    "CAP 12.2: serious conditions (cancer, depression, diabetes, infertility, addictions...) may only be referenced for treatment under a suitably qualified professional.",
    """Flags a serious condition in a treat/help frame: "acupuncture can help with
    depression", "acupuncture for infertility", "fight cancer cells", "reverses arthritis".
    Fertility support, plain insomnia, anxiety (not a disorder) and knee arthritis as a
    post's topic ("Acupuncture for Insomnia") or in a hedged sentence ("modest, short-term
    relief for some people with anxiety") count only under ``uk-asa``.

    Mentions without a claim ("tell us if you have diabetes", "people with cancer should
    talk to their oncologist") do not count. The milder conditions CAP itself sets apart
    from serious ones ("arthritic pain" and "trouble sleeping" may be referred to,
    "arthritis" and "chronic insomnia" not) are not serious claims elsewhere; under
    ``uk-asa``, where the ASA upheld "acupuncture for fertility support, ... insomnia,
    anxiety" (Eileen Mannion 2017), they are (rule ``restricted-condition``, judged by the
    profiles' ``restricted-condition`` severity). A cure claim about any of them is CL001's.

    Passes: "If you have diabetes, tell us before your visit."
    Fails: "Acupuncture can help with depression and anxiety."
    """,
)

condition_list = _make_check(
    "CL009", CONDITION_LIST, "claim-condition-list",
    "No long lists of treatable conditions", "The post lists many conditions as treatable",
    "ASA rulings (Mannion 2017, Ackland 2015) read a list of conditions next to a therapy as a claim to treat each of them.",
    """Flags a sentence naming four or more conditions in a treat/help/for frame ("we
    treat back pain, neck pain, sciatica, arthritis and more"). The minimum is the
    ``min`` of rule ``condition-list`` in the rules file.

    A finding is named by the conditions listed ("headaches, migraines, insomnia,
    anxiety and 1 more"), and a baseline knows it by them, in any order.

    Passes: "This post is about chronic low back pain only."
    Fails: "Acupuncture can help with headaches, migraines, insomnia, anxiety and digestive problems."
    """,
)

wellness = _make_check(
    "CL010", "wellness", "claim-wellness",
    "No vague wellness-medical claims", "The post makes detox or immunity claims",
    "'Detox', 'boost immunity' and 'balance hormones' are medical claims without accepted evidence (CAP guidance on acupuncture).",
    """Flags "detox", "flush out toxins", "cleanse your blood", "boost (or improve) your
    immune system", "balance your hormones", "improve circulation", "anti-aging".

    Passes: "Many people find massage relaxing."
    Fails: "Our detox cupping sessions flush out toxins."
    """,
)

urgency = _make_check(
    "CL011", "urgency", "claim-urgency",
    "No urgency or fear to push bookings", "The post pressures readers to book",
    "Time-limited offers and fear ('before it's too late') are inducements Alberta's standard restricts and CAP treats as unjustified fear.",
    """Flags "don't wait", "why suffer", "act now", "only 3 spots left", "only five tune-up
    spots left this month", "limited-time offer", "before it's too late". Safety-net advice that
    sends readers to medical care ("don't wait: call 911") and "most plans cover only 10
    appointments a year" do not count.

    Passes: "Book an assessment when it suits you."
    Fails: "Only 3 spots left this week, act now!"
    """,
)


# ---- CL012: unauthorised "Dr." titles ------------------------------------------------------

DOCTOR_TITLE = "doctor-title"  # the profiles' severity key


def _page_may_have_title(doc) -> bool:
    """Substring tests only: most pages never write "Dr" or "Doctor"."""
    texts = (doc.page_text or doc.text, doc.title, doc.meta_description or "", *(a.name for a in find_authors(doc)))
    return any(DT.may_have_title(t) for t in texts if t)


def _placed_title_uses(doc, clinic_names: tuple[str, ...]) -> list[tuple[DT.TitleUse, str, str, float | None, int | None]]:
    """(use, evidence kind, where, position, line) in the title, the meta description,
    the main content (headings and sentences) and the author statements."""
    out: list = []
    for where, text in (("title", doc.title), ("meta description", doc.meta_description or "")):
        for u in DT.title_uses(text, clinic_names):
            out.append((u, "element", where, None, None))
    for i, block in enumerate(doc.blocks):
        if block.is_heading:
            if DT.may_have_title(block.text):
                pos = doc.block_positions[i]
                out.extend((u, "heading", "heading", pos, block.line) for u in DT.title_uses(block.text, clinic_names))
            continue
        for s in doc.sentences_by_block.get(i, ()):
            if DT.may_have_title(s.text):
                out.extend((u, "sentence", "body", s.position, s.line) for u in DT.title_uses(s.text, clinic_names))
    authors = find_authors(doc)
    wheres: dict[str, list[str]] = {}
    uses: dict[str, DT.TitleUse] = {}
    marked = [a.name for a in authors if a.where != "byline"]
    for a in authors:
        if not DT.may_have_title(a.name):
            continue
        name = a.name
        if a.where == "byline":
            if DT.byline_is_a_citation(name, (s.text for s in doc.sentences)):
                continue  # "a review by Dr. Andrew Vickers": a citation the byline pattern caught
            name = _byline_name(name, marked, doc)
        key = " ".join(name.split()).lower()  # one finding per author, however many statements name them
        for u in DT.author_uses(name, a.job_title):
            uses.setdefault(f"{key}|{u.title_name}", u)
            if a.where not in wheres.setdefault(f"{key}|{u.title_name}", []):
                wheres[f"{key}|{u.title_name}"].append(a.where)
    out.extend((u, "element", f"author ({', '.join(wheres[key])})", None, None) for key, u in uses.items())
    return out


def _byline_name(name: str, marked: list[str], doc) -> str:
    """A byline read from the page text (already cut where a block starts, see
    ``trust.find_authors``) may still run on past the name the markup gives: cut it there."""
    for other in marked:
        if other and name != other and name.startswith(other):
            return other
    return name


def _entitled_page(doc, clinic_names: tuple[str, ...]) -> bool:
    types = set().union(*(types_of(n) for n in doc_jsonld_nodes(doc))) if doc.jsonld else set()
    return DT.page_is_entitled((doc.title, *doc.h1s, doc.meta_description or "", doc.host, *clinic_names), types)


@check(
    code="CL012",
    name="claim-doctor-title",
    category="clinic",
    title="No unauthorised 'Dr.' titles",
    fail_title="The post calls a practitioner 'Dr.' whose profession may not use the title",
    why="Ontario reserves the title 'doctor' in health care for a few professions; 'Dr.' before an acupuncturist's, physiotherapist's or massage therapist's name tells readers they are a medical doctor.",
    source="Regulated Health Professions Act, 1991 (Ontario) s. 33 (title 'doctor', abbreviations and equivalents restricted while providing health care; members of the chiropractic, optometry, medical, psychology and dental colleges exempt, naturopaths and TCM practitioners only as their regulations allow); CTCMPAO advertising practice guide (no unauthorised 'Dr.'; secondary copy); CTCMA protected marks (Dr. TCM, R. Ac., R. TCM. P.)",
    # read on every page (explain, SARIF, the scorecard): a pattern, not one profession's example;
    # each finding gives the wording for its own person and profession
    fix="Drop 'Dr.' and write the name with the credential and profession your college grants, as each finding shows: "
        "'[name], [credential], [profession]'. Where a doctorate may be shown, put it after the credential ('[name], [credential], PhD').",
    caps_score=CLAIM_SCORE_CAP,
    findings=claim_finding,
)
def doctor_title(doc, opts, ctx) -> Outcome:
    """Flags "Dr."/"Dr"/"Doctor" before the name of the clinic's own practitioner when
    the practitioner's profession may not use the title (physiotherapists, massage
    therapists, acupuncturists...; lists in ``data/claims/clinic.toml``
    ``[doctor_title]``). A use is the clinic's own when it is in an author statement
    (JSON-LD author, byline, meta author, rel=author), when the same sentence gives the
    person a non-exempt credential or profession ("Dr. Jane Lee, R.Ac.", "Dr. Lee (PT)",
    "Dr. Lee, our acupuncturist"), or when it ties them to the clinic ("book with Dr.
    Lee", "our Dr. Lee", "Dr. Lee at <clinic_name>"). Reads the title, the meta
    description, headings, sentences and author statements.

    Not flagged: "see your doctor", "123 Oak Dr.", an exempt credential or profession
    anywhere on the page for that name (MD, DC, ND, DDS, OD, "Dr. TCM", "chiropractor",
    "dentist"...), a conditional one (R.TCM.P.), researchers cited in the text ("a 2017
    review by Dr. Andrew Vickers"), an author "Dr." with no credential when nothing says
    the profession, and "book with Dr. Lee" on a page that says it is dental,
    chiropractic, medical... Outside a statutory title rule an earned doctorate (PhD,
    DPT) passes. The ``clinic_profession`` setting, else the profile's ``profession``
    (``ca-on-physio``: physiotherapist), judges the clinic's own uses; error under the
    Ontario profiles, a warning elsewhere.

    Passes: "Jane Lee, R.Ac., registered acupuncturist", "Dr. Lee, DC, chiropractor".
    Fails: "Book a session with Dr. Jane Lee, R.Ac."
    """
    clinic = clinic_of(ctx)
    profile = clinic.profile
    severity = profile.severity_of(DOCTOR_TITLE)
    if severity == "off":
        return Outcome.na(f"Not judged under the '{profile.name}' profile.")
    if not _page_may_have_title(doc):  # the cheap path most pages take, said as such
        return replace(_claim_outcome("Unauthorised 'Dr.' title", [], severity, profile.name), message="No 'Dr.' title on the page.")
    placed, findings = _title_findings(doc, ctx)
    evidence = []
    seen = set()
    for (use, kind, where, position, line), found in zip(placed, findings):
        if found is None or (where, use.text, use.title_name) in seen:
            continue
        seen.add((where, use.text, use.title_name))
        if where.startswith("author"):
            place = f"Author statement{where[len('author'):]}: "
        else:
            place = f"In the {where}: " if kind == "element" else ""
        evidence.append(
            Evidence(
                kind=kind,
                text=use.text,
                verdict=DOCTOR_TITLE,
                status=severity,
                highlights=tuple(h for h in (use.title_name, *use.attached) if h and h in use.text),
                # the rule here is a statute or why the title misleads, words for the author
                # ("named in findings", profiles.toml), not a rules-file id: said in the detail
                detail=f"{place}rule {found.rule}: {found.reason}{'' if found.reason.endswith('.') else '.'}",
                position=position,
                line=line,
                advice=f"Safer: {found.safer}",
            )
        )
    return _claim_outcome("Unauthorised 'Dr.' title", evidence, severity, profile.name)


doctor_title.claim_category = DOCTOR_TITLE


def _title_findings(doc, ctx):
    """CL012's "Dr." uses on the page (``_placed_title_uses``) and the verdict on each (None: it
    passes), computed once per page and settings: CL012 reports them, and the checks that advise
    how to write the author's name (TR001, LB004) must not tell the page to keep such a title."""
    clinic = clinic_of(ctx)
    profile = clinic.profile
    profession = clinic.profession or profile.profession

    def compute(d):
        placed = _placed_title_uses(d, clinic.names)
        uses = [p[0] for p in placed]
        needs_page = any(u.own.startswith("first-person") for u in uses)
        return placed, DT.judge(uses, profile, needs_page and _entitled_page(d, clinic.names), profession)

    return doc.derived(("claims.title_findings", profile.name, profession, clinic.names), compute)


def unauthorised_titles(doc, ctx) -> frozenset[str]:
    """The "Dr. <Name>" uses CL012 finds on the page ("Dr. Wei Chen"), none when its profile
    does not judge titles or the page has no "Dr."."""
    if clinic_of(ctx).profile.severity_of(DOCTOR_TITLE) == "off" or not _page_may_have_title(doc):
        return frozenset()
    placed, findings = _title_findings(doc, ctx)
    return frozenset(use.title_name for (use, *_), found in zip(placed, findings) if found is not None)

CHECKS = (cure, guarantee, safety, superiority, evidence, superlative, testimonial, serious, condition_list, wellness, urgency, doctor_title)

#: check code -> claim category ("CL001" -> "cure")
CATEGORY_OF = {f.spec.code: f.claim_category for f in CHECKS}
