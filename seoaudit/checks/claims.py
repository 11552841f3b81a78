"""Health-claim risk (CL001-CL011): one check per claim category.

The scanner (``seoaudit.claims``) finds risky sentences in the main content; each
check here reports one category, with a severity set by the configured profile
(``profile = "ca-on-physio"``): ``bad`` where the profile's rules forbid the claim,
``ok`` (a warning) where it is risky but not forbidden, not judged where ``off``.
Every finding quotes the sentence, names the rule and suggests safer wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..claims import DocClaim, load_rules, scan_document
from ..models import Evidence
from ..profiles import clinic_data, clinic_of
from ..registry import Outcome, check
from .clinic_common import doc_jsonld_nodes, types_of


@dataclass(frozen=True)
class ClaimOptions:
    # a path to your own rules.toml (same format as seoaudit/data/claims/rules.toml)
    rules_file: str = ""
    # extra names whose words are not claims, besides the configured clinic_name
    names: tuple[str, ...] = ()


def _claims(doc, opts: ClaimOptions, ctx) -> tuple[DocClaim, ...]:
    clinic = clinic_of(ctx)
    names = tuple(n for n in (clinic.name, *opts.names) if n)
    try:
        rules = load_rules(opts.rules_file or None)
    except OSError as exc:
        raise ValueError(f"rules_file {opts.rules_file}: {exc.strerror or exc}") from None
    return scan_document(doc, names=names, rules=rules)


def _evidence(claim: DocClaim, status: str) -> Evidence:
    hit = claim.hit
    kind = "sentence" if claim.where == "body" else ("heading" if claim.where == "heading" else "element")
    place = f"In the {claim.where}: " if claim.where in ("title", "meta description") else ""
    return Evidence(
        kind=kind,
        text=hit.sentence,
        verdict=hit.category,
        status=status,
        highlights=hit.matched,
        detail=f"{place}rule {hit.rule}. Safer: {hit.suggestion}",
        position=claim.position,
        line=claim.line,
    )


def _review_widgets(doc) -> list[Evidence]:
    """Review and testimonial widgets anywhere on the page (sidebars included)."""
    return [
        Evidence(
            "element",
            widget,
            verdict="testimonial",
            detail="A review/testimonial widget on the page: its quotes are judged as your own claims, and banned under Ontario physio/TCM rules",
        )
        for widget in doc.review_widgets
    ]


def _testimonial_extras(doc) -> list[Evidence]:
    return _self_ratings(doc) + _review_widgets(doc)


def _self_ratings(doc) -> list[Evidence]:
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
                        detail="Reviews of your own business: not eligible for review stars (Google), and testimonials under Ontario physio/TCM rules",
                    )
                )
    return out


def _make_check(code: str, category: str, name: str, title: str, fail_title: str, why: str, doc: str, extra=None):
    rules = load_rules()
    cat = rules.categories[category]

    @check(
        code=code,
        name=name,
        category="clinic",
        title=title,
        fail_title=fail_title,
        why=why,
        source=cat.source,
        fix=cat.suggestion,
        options=ClaimOptions,
    )
    def run(doc_, opts: ClaimOptions, ctx) -> Outcome:
        profile = clinic_of(ctx).profile
        severity = profile.severity_of(category)
        if severity == "off":
            return Outcome.na(f"Not judged under the '{profile.name}' profile.")
        found = [c for c in _claims(doc_, opts, ctx) if c.hit.category == category]
        evidence = [_evidence(c, severity) for c in found]
        if extra is not None:
            evidence += extra(doc_)
        threshold = f"no {cat.title.lower()} ({profile.name}: {'error' if severity == 'bad' else 'warning'})"
        if not evidence:
            return Outcome("good", value=0, message=f"No {cat.title.lower()} found.", threshold=threshold)
        n = len(evidence)
        return Outcome(
            severity,
            value=n,
            message=f"{cat.title}: {n} found ({'error' if severity == 'bad' else 'warning'} under the {profile.name} profile).",
            evidence=tuple(evidence),
            threshold=threshold,
        )

    run.__name__ = name.replace("-", "_")
    run.claim_category = category
    run.__doc__ = doc
    return run


cure = _make_check(
    "CL001", "cure", "claim-cure",
    "No cure or permanence claims", "The post claims a cure or a lasting effect",
    "Advertising rules treat 'cures', 'permanent relief' and 'get rid of' as efficacy claims that need trial evidence few therapies have.",
    """Flags cure and permanence wording: "cures", "permanent relief", "heal ... for good",
    "get rid of your migraines", "fix the root cause", "reverse arthritis".

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
    patients", "pain-free after one session", "works for everyone", "instant relief".

    Passes: "Results vary; we review your progress after four visits."
    Fails: "We guarantee you will feel better after your first visit."
    """,
)

safety = _make_check(
    "CL003", "safety", "claim-safety",
    "No absolute safety claims", "The post claims a treatment is completely safe",
    "Every treatment has side effects; 'no side effects' or 'natural, so safe' misleads and has been ruled against.",
    """Flags safety absolutes: "no side effects", "completely/100% safe", "risk-free",
    "harmless", "natural, so it is safe", "safe for everyone".

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
    any other clinic".

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
    "top-rated", "most trusted", "specialist", "we specialise in", "experts in".

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
    "I can finally sleep"), "what our patients say", "patient testimonials", star
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
    depression", "acupuncture for infertility", "fight cancer cells".

    Mentions without a claim ("tell us if you have diabetes", "people with cancer should
    talk to their oncologist") do not count.

    Passes: "If you have diabetes, tell us before your visit."
    Fails: "Acupuncture can help with depression and anxiety."
    """,
)

condition_list = _make_check(
    "CL009", "condition-list", "claim-condition-list",
    "No long lists of treatable conditions", "The post lists many conditions as treatable",
    "ASA rulings (Mannion 2017, Ackland 2015) read a list of conditions next to a therapy as a claim to treat each of them.",
    """Flags a sentence naming four or more conditions in a treat/help/for frame ("we
    treat back pain, neck pain, sciatica, arthritis and more"). The minimum is the
    ``min`` of rule ``condition-list`` in the rules file.

    Passes: "This post is about chronic low back pain only."
    Fails: "Acupuncture can help with headaches, migraines, insomnia, anxiety and digestive problems."
    """,
)

wellness = _make_check(
    "CL010", "wellness", "claim-wellness",
    "No vague wellness-medical claims", "The post makes detox or immunity claims",
    "'Detox', 'boost immunity' and 'balance hormones' are medical claims without accepted evidence (CAP guidance on acupuncture).",
    """Flags "detox", "flush out toxins", "cleanse your blood", "boost your immune
    system", "balance your hormones", "improve circulation", "anti-aging".

    Passes: "Many people find sessions relaxing."
    Fails: "Our detox cupping sessions flush out toxins."
    """,
)

urgency = _make_check(
    "CL011", "urgency", "claim-urgency",
    "No urgency or fear to push bookings", "The post pressures readers to book",
    "Time-limited offers and fear ('before it's too late') are inducements Alberta's standard restricts and CAP treats as unjustified fear.",
    """Flags "don't wait", "why suffer", "act now", "only 3 spots left", "limited-time
    offer", "before it's too late". Safety-net advice that sends readers to medical care
    ("don't wait: call 911") does not count.

    Passes: "Book an assessment when it suits you."
    Fails: "Only 3 spots left this week, act now!"
    """,
)

CHECKS = (cure, guarantee, safety, superiority, evidence, superlative, testimonial, serious, condition_list, wellness, urgency)

#: check code -> claim category ("CL001" -> "cure")
CATEGORY_OF = {f.spec.code: f.claim_category for f in CHECKS}
