"""Synthetic but realistic clinic blog posts, with planted duplicate, city-swap and
cannibalising groups, for the site-intelligence benchmark and tests.

Every post is assembled from sentence templates (intro, causes, evidence, first visit,
home care, red flags, booking) filled with its therapy, condition, city and random
details, so two posts on different topics share only clinic boilerplate, as on a real
clinic blog. Background posts each have their own (therapy, condition) pair. Planted:

* ``near-duplicate``: a post republished with one or two sentences changed;
* ``city-swap``: one post copied for several cities, only the place names changed;
* ``cannibal``: several posts written separately on the same therapy and condition
  (half of these groups declare the same keyphrase, half declare none).

``generate(n, seed)`` is deterministic for a given ``n`` and ``seed``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

THERAPIES = (
    "acupuncture", "physiotherapy", "chiropractic care", "massage therapy", "dry needling", "osteopathy",
    "cupping therapy", "kinesiology taping", "shockwave therapy", "clinical pilates", "hydrotherapy",
    "IMS", "laser therapy",
)
BODY_PARTS = (
    "knee", "lower back", "upper back", "neck", "shoulder", "hip", "ankle", "wrist", "elbow", "heel",
    "jaw", "foot", "hamstring", "calf", "groin", "rib", "thumb", "finger", "achilles", "forearm",
    "shin", "buttock", "tailbone", "collarbone", "rotator cuff", "pelvis", "sacroiliac joint",
    "big toe", "arch", "kneecap", "thigh", "mid back", "glute", "chest wall", "biceps", "triceps",
    "quadriceps", "IT band", "plantar fascia", "TMJ", "spine", "trapezius", "scapula", "sternum",
    "hand", "toe", "temple", "sinus", "knuckle", "instep", "lower leg", "upper arm",
)
PROBLEMS = (
    "pain", "stiffness", "strain", "sprain", "tendinitis", "arthritis", "injury", "inflammation",
    "weakness", "instability", "bursitis", "numbness", "cramps", "tightness", "spasms", "soreness",
)
CITIES = (
    "Edmonton", "Calgary", "Red Deer", "Lethbridge", "St. Albert", "Sherwood Park", "Airdrie",
    "Spruce Grove", "Leduc", "Okotoks", "Medicine Hat", "Grande Prairie", "Camrose", "Cochrane",
    "Canmore", "Lloydminster", "Brooks", "Fort Saskatchewan", "Wetaskiwin", "Stony Plain",
)
AUDIENCES = ("runners", "office workers", "older adults", "new parents", "golfers", "hockey players", "gardeners", "musicians", "students", "cyclists")
CLINICS = ("Riverbend", "Northgate", "Cedar", "Summit", "Prairie", "Lakeside", "Maple", "Willow", "Aspen", "Bow Valley")

_POOLS = {
    "intro": [
        "{Condition} can make everyday tasks like climbing stairs, carrying groceries or sleeping through the night feel like hard work.",
        "Many of our patients in {city} first notice {condition} after a change in routine, such as a new job, a new sport or a long drive.",
        "If you have been living with {condition} for more than a few weeks, you are not alone: it is one of the most common reasons people visit our clinic.",
        "This post explains how {therapy} for {condition} works, what the research says and what a typical course of treatment looks like.",
        "{Therapy} is one of several options for {condition}, and it works best as part of a plan you help to shape.",
        "We see {condition} in {audience} every week, and the questions they ask are remarkably similar.",
        "People often put up with {condition} for months before they ask for help, usually because they hope it will settle on its own.",
        "Our {city} team has treated {condition} for {years} years, and we have learned that no two cases are quite the same.",
    ],
    "cause": [
        "{Condition} usually develops from a mix of load, posture and recovery rather than one single cause.",
        "Repeating the same movement for hours, as many {audience} do, places steady stress on the {part}.",
        "Weak surrounding muscles can leave the {part} doing more work than it is built for.",
        "A previous injury to the {part} that never fully healed is a frequent starting point.",
        "Sleep, stress and general fitness all change how sensitive the {part} becomes.",
        "Sudden increases in training, such as adding {num} extra sessions a week, are a classic trigger.",
        "Sometimes the pain you feel in the {part} is referred from somewhere else, which is why a full assessment matters.",
        "Age-related changes show up on scans in many people without any symptoms at all, so imaging alone rarely explains {condition}.",
    ],
    "evidence": [
        "Research on {therapy} for {condition} is growing, although many trials are small.",
        "Clinical guidelines generally recommend combining hands-on treatment with exercise for {condition}.",
        "Studies suggest that people who stay active recover from {condition} faster than those who rest completely.",
        "The evidence supports {therapy} as one part of care, not as a stand-alone cure.",
        "In trials, benefits of {therapy} were usually moderate and lasted while people kept up their exercises.",
        "We keep up to date with new research and will tell you honestly what {therapy} can and cannot do for {condition}.",
        "A review of {num} studies found short-term improvements in pain and function for many participants.",
    ],
    "visit": [
        "Your first {therapy} appointment lasts about {minutes} minutes and starts with a conversation about your history.",
        "Your practitioner will assess how your {part} moves, where it hurts and what makes it better or worse.",
        "Treatment for {condition} is adjusted to your comfort at every step, and you can ask questions at any time.",
        "Most people book {num} to {num2} sessions over {weeks} weeks, then space visits out as symptoms improve.",
        "We will agree on clear goals, such as walking for {minutes} minutes or returning to your sport.",
        "Wear loose, comfortable clothing so that the {part} is easy to reach during your session.",
        "After the first session some people feel mild soreness in the {part} for a day or two.",
    ],
    "home": [
        "Gentle movement of the {part} within a comfortable range helps more than complete rest.",
        "Your practitioner may give you {num} simple exercises to do at home between sessions.",
        "Heat can ease stiffness, while a short walk often helps more than staying on the couch.",
        "Keep a short diary of what makes your {condition} better or worse to bring to your next visit.",
        "Building strength slowly over {weeks} weeks protects the {part} from flare-ups.",
        "Take regular breaks if your work involves long periods in one position.",
    ],
    "flags": [
        "See a doctor promptly if {condition} follows a fall, comes with fever or wakes you at night.",
        "Numbness, loss of strength or changes in bladder or bowel control need urgent medical attention.",
        "If your symptoms are getting worse despite treatment, we will refer you to your family doctor.",
        "{Therapy} is not a replacement for medical care when a serious cause needs to be ruled out.",
    ],
    "booking": [
        "You can book {therapy} online or call our {city} clinic, and many extended health plans cover treatment.",
        "Direct billing is available for most insurance providers at our {clinic} clinic.",
        "No referral is needed to book an assessment with our team.",
        "Evening and weekend appointments are available for busy {audience}.",
        "Free parking is available behind the {clinic} building.",
    ],
}
# What each therapy is, in its own words: (practitioner, tools, what they do, how it
# feels, what it is thought to do). Posts on different therapies differ here, as
# real posts do: a shockwave post explains pulses, an acupuncture post needles.
THERAPY_WORDS = {
    "acupuncture": ("acupuncturist", "fine sterile single-use needles", "place needles at points along the meridians", "a dull ache or tingling called de qi", "calm the nervous system and ease muscle guarding"),
    "physiotherapy": ("physiotherapist", "resistance bands, joint mobilisation and a graded exercise programme", "test strength, balance and range of motion", "a workout tailored to your tolerance", "restore strength and confidence in movement"),
    "chiropractic care": ("chiropractor", "spinal adjustments and a drop table", "adjust restricted joints with quick, precise thrusts", "a pop or release as the joint moves", "improve joint motion and reduce protective spasm"),
    "massage therapy": ("registered massage therapist", "oils, trigger point work and myofascial release", "knead and stretch the soft tissue", "deep pressure that eases as muscles relax", "relax overworked muscles and improve circulation"),
    "dry needling": ("trained practitioner", "thin filament needles", "insert needles directly into myofascial trigger points", "a brief local twitch response", "release taut bands in the muscle"),
    "osteopathy": ("osteopath", "gentle articulation, muscle energy techniques and cranial work", "move the joints and tissues through their natural range", "slow, rhythmic stretching", "help the body's structure and function work together"),
    "cupping therapy": ("cupping practitioner", "glass or silicone cups and suction", "lift the skin and fascia with negative pressure", "a pulling sensation that leaves round marks", "increase local blood flow and loosen fascia"),
    "kinesiology taping": ("taping practitioner", "elastic cotton tape with an acrylic adhesive", "apply strips of tape along the muscle with measured stretch", "light support you barely notice after an hour", "offload sensitive tissue and improve body awareness"),
    "shockwave therapy": ("shockwave-certified clinician", "an applicator that delivers acoustic pulses", "deliver radial pressure waves over the tender area", "rapid tapping that is intense for a few minutes", "stimulate tendon remodelling and new blood vessels"),
    "clinical pilates": ("pilates-trained physiotherapist", "reformer machines, springs and mat work", "coach controlled movements that build core stability", "slow, precise exercises that are harder than they look", "retrain deep stabilising muscles and posture"),
    "hydrotherapy": ("aquatic therapist", "a heated pool, buoyancy belts and water resistance", "guide exercises in warm water at chest height", "weightlessness that makes movement easier", "let you move freely while the water takes your weight"),
    "IMS": ("IMS-certified physiotherapist", "an acupuncture-style needle in a plunger", "needle shortened muscles near the spine and at the motor points", "a cramping grab followed by release", "treat neuropathic muscle shortening"),
    "laser therapy": ("laser therapy clinician", "a low-level laser probe and protective goggles", "hold the probe over the tissue for a few minutes per point", "little or nothing, perhaps slight warmth", "stimulate cell repair through photobiomodulation"),
}
# What each kind of problem is: (what happens in the tissue, how it shows, what settles it).
PROBLEM_WORDS = {
    "pain": ("sensitised nerves and irritated tissue", "a constant ache that flares with certain movements", "graded activity and reassurance"),
    "stiffness": ("reduced joint glide and thickened capsule", "morning tightness that eases after a warm shower", "regular mobility work"),
    "strain": ("overstretched or partly torn muscle fibres", "sharp pain when you contract the muscle", "relative rest followed by progressive loading"),
    "sprain": ("stretched or torn ligaments", "swelling, bruising and a feeling of giving way", "protected movement and balance training"),
    "tendinitis": ("an overloaded, irritated tendon", "pain on the first steps or the first reps that warms up", "heavy slow resistance exercise"),
    "arthritis": ("cartilage wear and bony change in the joint", "grinding, swelling and stiffness after rest", "weight management and strengthening"),
    "injury": ("tissue damage from a fall, collision or twist", "sudden pain and loss of function", "a staged return to sport"),
    "inflammation": ("an inflammatory response with heat and swelling", "redness, warmth and throbbing", "load modification and time"),
    "weakness": ("deconditioned muscles and poor motor control", "fatigue and a sense that the limb lets you down", "progressive strength training"),
    "instability": ("lax ligaments and slow muscle reactions", "clicking, slipping or a joint that feels loose", "proprioceptive and control drills"),
    "bursitis": ("an inflamed fluid-filled bursa", "tenderness when lying on the area", "avoiding compression and adjusting load"),
    "numbness": ("an irritated or compressed nerve", "pins and needles that follow a nerve path", "nerve gliding exercises and posture changes"),
    "cramps": ("involuntary sustained muscle contraction", "a hard knot that seizes without warning", "hydration, stretching and conditioning"),
    "tightness": ("protective muscle guarding", "a pulling sensation at end of range", "stretching and reducing stress"),
    "spasms": ("repeated reflex contractions", "painful twitching that comes in waves", "gentle heat and calm breathing"),
    "soreness": ("delayed onset muscle soreness after unaccustomed exercise", "tender muscles a day or two after activity", "easy movement and patience"),
}
_POOLS["problem"] = [
    "{Problem} in the {part} usually comes from {tissue}.",
    "Typical signs are {signs}.",
    "Most cases settle with {settles}.",
    "Understanding that {problem} reflects {tissue} helps you make sense of your symptoms.",
]
_POOLS["therapy"] = [
    "{Therapy} is delivered by a {practitioner} using {tools}.",
    "During a session your {practitioner} will {action}.",
    "Most people describe {therapy} as {feel}.",
    "The aim of {therapy} is to {aim}.",
    "Before your first {therapy} session, your {practitioner} explains every step and asks for your consent.",
    "Our {practitioner} has completed post-graduate training in {therapy} and keeps it current every year.",
    "People who are pregnant, take blood thinners or have a pacemaker should tell their {practitioner} before {therapy}.",
    "{Therapy} uses {tools}, so sessions feel different from other treatments you may have tried.",
]
_SECTIONS = (("intro", 3), ("problem", 3), ("therapy", 5), ("cause", 3), ("evidence", 3), ("visit", 3), ("home", 2), ("flags", 2), ("booking", 2))
_HEADINGS = {
    "cause": "What causes {condition}?",
    "evidence": "Does {therapy} help {condition}?",
    "visit": "What to expect at your first visit",
    "home": "What you can do at home",
    "flags": "When to see a doctor",
    "booking": "Booking in {city}",
    "therapy": "How {therapy} works",
}


@dataclass(frozen=True)
class SyntheticPost:
    url: str
    title: str
    h1: str
    slug: str
    keyphrases: tuple[str, ...]
    city: str
    text: str  # main content, one block per line (headings included)


@dataclass(frozen=True)
class Planted:
    kind: str  # "near-duplicate", "city-swap", "cannibal"
    pages: tuple[int, ...]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _fill(template: str, slots: dict, rng: random.Random) -> str:
    num = rng.randint(2, 6)
    values = dict(slots, num=num, num2=num + rng.randint(2, 4), weeks=rng.randint(3, 10), minutes=rng.choice((30, 45, 60, 90)), years=rng.randint(5, 25))
    values.update({k[0].upper() + k[1:]: _cap(str(v)) for k, v in slots.items()})
    return template.format(**values)


def write_post(therapy: str, condition: str, city: str, rng: random.Random, url: str, keyphrase: bool) -> SyntheticPost:
    part, problem = condition.rsplit(" ", 1)
    tissue, signs, settles = PROBLEM_WORDS[problem]
    practitioner, tools, action, feel, aim = THERAPY_WORDS[therapy]
    slots = {
        "therapy": therapy, "condition": condition, "part": part, "city": city, "audience": rng.choice(AUDIENCES), "clinic": rng.choice(CLINICS),
        "practitioner": practitioner, "tools": tools, "action": action, "feel": feel, "aim": aim,
        "problem": problem, "tissue": tissue, "signs": signs, "settles": settles,
    }
    title = _cap(f"{therapy} for {condition} in {city}: " + rng.choice(("what to expect", "a practical guide", "your questions answered", "how it helps")))
    lines = [title]
    for section, k in _SECTIONS:
        if section in _HEADINGS:
            lines.append(_fill(_HEADINGS[section], slots, rng))
        picks = rng.sample(_POOLS[section], k)
        # two sentences per paragraph, like a real post
        sentences = [_fill(t, slots, rng) for t in picks]
        for i in range(0, len(sentences), 2):
            lines.append(" ".join(sentences[i : i + 2]))
    slug = "-".join(f"{therapy} for {condition} {city}".lower().replace(".", "").split())
    kp = (f"{therapy} for {condition}",) if keyphrase else ()
    return SyntheticPost(url=url, title=title, h1=title, slug=slug, keyphrases=kp, city=city, text="\n".join(lines))


def _swap_city(post: SyntheticPost, new_city: str, url: str) -> SyntheticPost:
    swap = lambda s: s.replace(post.city, new_city)  # noqa: E731
    slug = post.slug.replace("-".join(post.city.lower().replace(".", "").split()), "-".join(new_city.lower().replace(".", "").split()))
    return SyntheticPost(url=url, title=swap(post.title), h1=swap(post.h1), slug=slug, keyphrases=post.keyphrases, city=new_city, text=swap(post.text))


def _near_copy(post: SyntheticPost, rng: random.Random, url: str) -> SyntheticPost:
    """The same post republished with one sentence reworded and one dropped."""
    lines = post.text.split("\n")
    paragraphs = [i for i, line in enumerate(lines) if line.count(". ") >= 1]
    i = rng.choice(paragraphs)
    first, _, rest = lines[i].partition(". ")
    lines[i] = first + ". " + "In our experience this is also what most patients want to know first."
    j = rng.choice([p for p in paragraphs if p != i])
    lines[j] = lines[j].partition(". ")[2] or lines[j]
    return SyntheticPost(url=url, title=post.title + " (updated)", h1=post.h1, slug=post.slug + "-2", keyphrases=post.keyphrases, city=post.city, text="\n".join(lines))


def generate(n: int, seed: int = 0, planted_share: float = 0.1) -> tuple[list[SyntheticPost], list[Planted]]:
    """``n`` posts; about ``planted_share`` of them belong to planted groups."""
    rng = random.Random(seed)
    topics = [(t, f"{b} {p}") for t in THERAPIES for b in BODY_PARTS for p in PROBLEMS]
    rng.shuffle(topics)
    if n > len(topics):
        raise ValueError(f"at most {len(topics)} posts: every background post has its own topic")
    posts: list[SyntheticPost] = []
    planted: list[Planted] = []
    target_planted = int(n * planted_share)
    kinds = ("near-duplicate", "city-swap", "cannibal")
    k = 0
    while sum(len(p.pages) for p in planted) < target_planted:
        therapy, condition = topics.pop()
        kind = kinds[k % 3]
        k += 1
        start = len(posts)
        city = rng.choice(CITIES)
        if kind == "near-duplicate":
            base = write_post(therapy, condition, city, rng, f"https://clinic.example/blog/p{start}/", rng.random() < 0.5)
            posts += [base] + [_near_copy(base, rng, f"https://clinic.example/blog/p{start + m}/") for m in range(1, rng.choice((2, 3)))]
        elif kind == "city-swap":
            base = write_post(therapy, condition, city, rng, f"https://clinic.example/blog/p{start}/", True)
            others = rng.sample([c for c in CITIES if c != city], rng.choice((2, 3, 4)))
            posts += [base] + [_swap_city(base, c, f"https://clinic.example/blog/p{start + m}/") for m, c in enumerate(others, start=1)]
        else:
            declare = rng.random() < 0.5
            size = rng.choice((2, 3, 4))
            posts += [write_post(therapy, condition, rng.choice(CITIES), rng, f"https://clinic.example/blog/p{start + m}/", declare) for m in range(size)]
        planted.append(Planted(kind, tuple(range(start, len(posts)))))
    while len(posts) < n:
        therapy, condition = topics.pop()
        posts.append(write_post(therapy, condition, rng.choice(CITIES), rng, f"https://clinic.example/blog/p{len(posts)}/", rng.random() < 0.5))
    return posts[:n], [p for p in planted if max(p.pages) < n]


def to_page_text(post: SyntheticPost):
    from seoaudit.intel import PageText

    return PageText(url=post.url, text=post.text, title=post.title, h1=post.h1, slug=post.slug, keyphrases=post.keyphrases, cities=(post.city,))


if __name__ == "__main__":  # print one post, to see what they look like
    posts, planted = generate(20, seed=1)
    print(posts[-1].title, "\n\n" + posts[-1].text)
    print("\nplanted:", planted)
