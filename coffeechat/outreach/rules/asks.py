"""Rules about favours asked too early: jobs and referrals, attachments, mentorship.

"Never approach cold with a favour": a first message asks only for insight. Most job
asks are indirect ("keep me in mind if anything opens up"), so the patterns describe
the shapes of an ask (a request about a job, a referral verb aimed at the writer, a
wish to join their team) rather than a list of sentences.
"""

from __future__ import annotations

import re

from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.message import Message, Sentence, Span, Token, fold, phrase, stem
from coffeechat.outreach.rules import FIRST_APPROACH, OPENING, Example, Hit, rule
from coffeechat.outreach.rules.about import MADE

#: Job nouns, matched as written: "opening" must not meet "open".
_JOB = (r"(?:jobs?|positions?|roles?|openings?|vacanc(?:y|ies)|internships?|spots?"
        r"|opportunit(?:y|ies)|placements?|apprenticeships?|headcount)")
#: Stems of job nouns, for patterns where stems are safe.
_JOBSTEM = "(job|position|role|vacancy|internship|intern|opportunity|opening)"
_NEWCOMER = ("(intern|interns|junior|juniors|trainee|trainees|apprentice|graduate|graduates|"
             "newcomer)")

_JOB_ASKS = [
    # Hiring, asked or noticed: "are you hiring", "I see your company is hiring".
    phrase("hiring (for|now|right now)"),
    phrase("(posted|advertised|listed|published|has|have|had) (a|an|the|several|some|new|two|"
           "three|a few) _{0,3}" + _JOBSTEM),
    phrase(r"(looking|searching) for (more )?(developers|devs|engineers|people|folks|"
           r"designers|testers|analysts)"),
    # Keep me in mind / think of me / if anything opens up.
    phrase("(keep|have) me (in mind|on your radar)"),
    phrase("think of me"),
    phrase("(anything|something) _{0,1}(opens|opening) up"),
    phrase("(spot|role|opening|position|vacancy|junior|job|internship) _{0,2}"
           "(opens|comes|pops) up"),
    phrase(r"(?<!your )(any|open|available|upcoming|vacant) (_ ){0,2}" + _JOB, exact=True),
    phrase(r"(?<!your )(?<!their )(?<!her )(?<!his )" + _JOB
           + r" (_ ){0,3}(at|on|in|with|within) (your|you)", exact=True),
    phrase(r"(opening|vacancy|position|spot|role) for (a|an) (_ )?" + _NEWCOMER, exact=True),
    # Referrals and recommendations aimed at the writer.
    # "Put my CV in a folder for you" hands a résumé over: that is `attachment`.
    phrase("(pass|forward|give|mention) (along )?my (name|profile|details|cv|resume)"
           "|put (along |forward )?my (name|profile|details)|put my (cv|resume) forward"),
    phrase("my (name|profile) (along|forward)"),
    phrase("put (in )?a (good )?word|good word"),
    phrase("refer me|referral|referrals|vouch for me"),
    phrase("(recommend|introduce|endorse) me (to|for) _{0,3}(hiring|recruiter|recruiters|"
           "manager|team|position|role|job|company)"),
    phrase("recommend me (for|to the)"),
    phrase("(hiring manager|recruiter) for"),
    phrase("(be|being|get|getting) considered for|consider me (for|as)"),
    # Their team short of people, offered the writer: "if your squad ever needs an extra
    # pair of hands", "in case your team needs anyone".
    phrase("(if|in case|when|should|whenever) (your|ur|the) (_ ){0,1}(team|squad|crew|company|"
           "department|office|startup|org|group|shop|side) (ever )?(need|needs|could use|"
           "is short|are short|wants|want)"),
    # An opening asked after ("is it still open?") or the writer pitched for it.
    phrase("(is|it|they|role|position|job|opening|vacancy|posting) still (open|available|"
           "accepting|hiring|taking)"),
    phrase("(fit|candidate|match) for (the|your|this|that|their|an|any) _{0,3}(job|position|"
           "role|vacancy|internship|opening|team|opportunity)"),
    # Wanting in: "hoping to join your team", "help me get into your company".
    phrase("(i|would|am|really|we|still|be) (hope|want|love|like|dream|keen|plan|aim|eager|"
           "wish|thrilled|excited|happy|glad) (to )?(_ ){0,1}(join|contribute to|be part of|"
           "work (at|for|in|with)) (you|the team|your|_ (team|company) like yours)"),
    phrase("(has|have) (anything|something|a spot|room|space) (suitable|open|available|for me|"
           "for someone like me)"),
    phrase("help me (to )?_{0,2}(enter|get|join|land|find|secure|break) _{0,3}(job|role|"
           "position|company|team|internship|door)"),
    phrase("(get|put) (my |a )?foot in"),
    phrase("(hear|know) of (anything|something)"),
    phrase("(help|support|advice|tips) (me )?(with|on) my (application|applications|"
           "cover letter)"),
    # Hiring verbs ("do you hire juniors?") are read by _job_frames, which tells a
    # yes-or-no ask from a question about how they hire.
    phrase("(take|takes|taking|accept|accepts|accepting|need|needs|"
           "seek|seeks|want|wants) (on )?(any |a |an |more |new |some )?" + _NEWCOMER, exact=True),
    phrase(r"(looking|searching) for " + _NEWCOMER),
    # Applying, or searching, for a job.
    # Applying to a particular opening ("the junior role", "your team"), not to jobs in
    # general ("I'm applying for junior roles soon" is background, not an ask).
    phrase("(apply|applied|applying|submitted _{0,1}application) (for|to) (the|your|this|that) "
           "_{0,4}(job|position|role|vacancy|internship|opening|team|company)"),
    phrase("(love|like|want|plan|hope|keen) to apply( (for|to)|$)"),
    phrase("job (opportunity|opportunities|offer|offers|lead|leads|opening|openings|referral)"
           "|(career|employment) opportunities"),
    # Asking for leads is asking for their network: "any leads would mean the world".
    phrase("(any|some) leads|(any|some) job leads|leads (on|for) (_ )?(jobs|roles|openings|"
           "positions)"),
    # A résumé, mentioned but not attached (attached is the `attachment` rule).
    phrase("(cv|resume) (review|feedback|tips|help|advice)|look (at|over) my (cv|resume)"),
]

#: The writer's own job search, stated but not asked of them ("I'm looking for my first
#: developer job"): background, not a favour, so only a note that it can read as one.
_JOB_SEARCH = [
    phrase(r"(looking|searching|hunting|seeking) (for )?(a|an|my|the|new|first|some|any) "
           r"(_ ){0,2}(job|position|role|internship|opportunity|opportunities)"),
    phrase("job (hunt|hunting|search|searching)"),
    phrase("(apply|applying|applied) (for|to) _{0,3}(jobs|roles|positions|internships)"),
]

_RESUME = {"cv", "cvs", "resume", "resumes", "biodata"}
#: Words after "CV" that mean computer vision, not a résumé.
_CV_TECH = {"model", "models", "pipeline", "pipelines", "project", "projects", "work",
            "research", "library", "app", "system", "systems", "benchmark", "benchmarks",
            "course", "engineer", "engineering", "task", "tasks", "dataset", "datasets",
            "paper", "papers", "lecture", "lectures", "group", "class", "team", "notes",
            "problems", "problem"}
#: Stems that put "CV" in a computer-vision sentence ("choose CV over other ML areas").
_VISION = {stem(w) for w in (
    "vision", "image", "images", "opencv", "yolo", "detection", "segmentation", "pixel",
    "camera", "neural", "convolutional", "cnn", "vit", "diffusion", "ml", "ai", "nlp",
    "deep", "learning", "transformer", "transformers", "kaggle", "photos", "video",
)}
#: Words before "resume" that make it the verb ("when the meetup resumes").
_VERB_BEFORE = {"to", "will", "would", "can", "could", "should", "may", "might", "we",
                "they", "it", "i", "you", "she", "he", "then", "and", "classes", "class",
                "meetup", "meetups", "session", "sessions", "club", "group", "work", "school"}
_WRITERS = {"my", "our", "mine", "updated", "latest", "attached"}
_SHARE = {"attach", "attached", "attaching", "enclose", "enclosed", "enclosing", "include",
          "included", "including", "link", "linked", "below", "here", "pfa", "find", "<link>",
          "upload", "uploaded", "added", "pinned", "dropped", "above"}
#: Sending it counts too, unless it is only offered ("can I send you my CV?").
_SEND = {"send", "sending", "sent", "share", "sharing", "forward", "forwarding"}
_PFA = phrase("pfa|please find (attached|enclosed|below)|find (attached|enclosed)")
_RESUME_URL = re.compile(r"(?:^|[/_\-.=])(?:cv|resume|résumé|curriculum)(?:$|[/_\-.?])",
                         re.IGNORECASE)


def _is_resume(sentence: Sentence, i: int) -> bool:
    """Whether the word at ``i`` means the writer's résumé, read from its neighbours.

    "CV" is also computer vision and "resume" a verb; a résumé is the writer's (my CV),
    or one handed over in the sentence (attached, linked, here, below). "Your CV" is
    theirs, and a CV next to vision words or modifying a noun ("CV paper group") is
    computer vision.
    """
    tokens = sentence.tokens
    token = tokens[i]
    if token.norm not in _RESUME and token.norm != "curriculum" or token.quoted:
        return False
    before = [t.norm for t in tokens[max(0, i - 2):i]]
    after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    prev = before[-1] if before else ""
    if prev in {"your", "their", "his", "her", "'s"}:
        return False
    if token.norm.startswith("resume") and prev in _VERB_BEFORE:
        return False
    mine = bool(set(before) & _WRITERS)
    norms = set(sentence.norms)
    if token.norm.startswith("cv") and (
            after in _CV_TECH or (not mine and {t.stem for t in tokens} & _VISION)):
        return False
    return mine or bool(norms & (_SHARE | _SEND)) or after == "<link>"


def _resume_mentions(sentence: Sentence) -> list[int]:
    """Indexes of tokens where "CV" or "resume" means the writer's résumé."""
    return [i for i in range(len(sentence.tokens)) if _is_resume(sentence, i)]


#: Nouns for a job: "any openings for juniors?", "an internship with you".
_JOBS = {stem(w) for w in (
    "job", "role", "position", "opening", "vacancy", "internship", "apprenticeship",
    "placement", "opportunity", "headcount", "interview",
)}
#: Nouns for a place that is a job only when it is for the writer or at their company:
#: "room for a self-taught dev at Hubtel", not "room for beginners in your stream".
_PLACES = {stem(w) for w in ("spot", "place", "room", "space", "seat")}
_SLOTS = _JOBS | _PLACES
#: Verbs of a slot appearing: "if a junior spot frees up", "should a role open".
_APPEAR = {stem(w) for w in ("open", "opens", "come", "free", "pop", "become", "arise",
                             "appear", "available")}
#: Verbs of taking someone on: "would your team consider someone like me for…".
_HIRE = {stem(w) for w in ("hire", "hiring", "recruit", "recruiting", "onboard", "sponsor")}
_WH = {"what", "how", "why", "when", "which", "who", "where", "whom"}
_IS_HIRING = phrase("(are|is|be) _{0,3}(hiring|recruiting)")
_GET_IN = {stem(w) for w in ("get", "land", "secure", "find", "break", "join", "enter", "score")}
_TAKE_ON = {stem(w) for w in ("consider", "take", "hire", "accept", "want", "need", "have",
                              "recruit", "onboard", "welcome")}
#: Words that make a slot an ask or a hint: "is there room…", "if a spot opens…".
_MOOD = {"if", "any", "whether", "should", "chance", "there", "whenever", "open", "know"}
#: Someone a place could be for: the writer, or a newcomer like them.
_PERSONS = {stem(w) for w in (
    "me", "someone", "somebody", "anyone", "anybody", "people", "folks", "dev", "developer",
    "engineer", "junior", "intern", "grad", "graduate", "newcomer", "beginner", "learner",
    "changer", "analyst", "tester", "designer", "student", "trainee", "apprentice",
    "candidate", "hire", "fresher", "newbie", "bootcamper", "self", "person",
)}
#: Where they work: "your team", "your company", "you guys".
_ORG = {stem(w) for w in (
    "team", "company", "org", "organisation", "organization", "startup", "firm", "squad",
    "department", "employer", "ranks", "office", "studio", "agency", "business", "crew",
    "side", "unit", "group", "bank", "lab",
)}
#: People who hire: asking how to reach them is asking for a way in.
_RECRUITING = {stem(w) for w in (
    "recruiter", "recruiters", "recruitment", "recruiting", "hr", "hiring", "talent",
)}
#: Verbs that hand the writer on to someone who hires.
_HAND_ON = {stem(w) for w in (
    "refer", "recommend", "forward", "pass", "share", "send", "put", "submit", "hand",
    "flag", "introduce", "connect", "mention", "circulate", "push", "route", "endorse",
    "drop", "give", "nominate", "suggest", "propose", "shortlist",
)}
_DESIRE = {stem(w) for w in (
    "hope", "hoping", "want", "love", "like", "dream", "keen", "plan", "aim", "eager",
    "wish", "thrilled", "excited", "happy", "glad", "ambition", "goal", "chance",
    "honoured", "honored", "delighted", "proud", "grateful", "privilege", "opportunity",
)}
_JOIN = {stem(w) for w in ("join", "work", "be", "become", "contribute", "intern", "part")}
_ABOUT = phrase("on|about|behind|around|regarding")
_NOT_IN_PHRASE = {"i", "you", "we", "is", "was", "are", "were", "am", "have", "has", "had",
                  "would", "could", "can", "will", "did", "do", "to", "and", "but"}
_APPLYING = {stem(w) for w in ("apply", "applying", "application", "applications")} | _RECRUITING


def _is_person(token: Token) -> bool:
    """A word for a person a job could be for ("me", "a junior", "career changers")."""
    word = token.norm
    return token.stem in _PERSONS or (len(word) > 5 and word.rstrip("s").endswith(
        ("er", "or", "ist", "ian", "ant", "ent")) and word not in {"together", "order"})


def _reader_org(msg: Message, tokens: list[Token], j: int) -> bool:
    """Whether the words from ``j`` name the reader's organisation."""
    window = tokens[j:j + 4]
    norms = [t.norm for t in window]
    company = fold(msg.context.contact.company or "").split()
    if norms[:2] == ["you", "guys"] or norms[:2] == ["you", "all"]:
        return True
    if company and any(fold(t.text) == company[0] for t in window[:2]):
        return True
    return bool(norms) and norms[0] in {"your", "yours"} and any(
        t.stem in _ORG for t in window[1:4])


def _topic(msg: Message, sentence: Sentence) -> set[int]:
    """Token indexes that name the topic of their work ("your talk on hiring juniors")."""
    topic: set[int] = set()
    tokens = sentence.tokens
    for first, _last in sentence.token_index(_ABOUT):
        # The made thing heads the phrase, wherever it was given: "your talk at Cairo
        # ICT on hiring for potential". A verb in between ends the phrase.
        head = next((j for j in range(first - 1, max(-1, first - 6), -1)
                     if tokens[j].stem in MADE or tokens[j].norm in _NOT_IN_PHRASE), None)
        if head is None or tokens[head].stem not in MADE:
            continue
        for k in range(first + 1, len(tokens)):
            gap = sentence.text[tokens[k - 1].end - sentence.start:tokens[k].start - sentence.start]
            if any(c in gap for c in ",;:!?"):
                break
            topic.add(k)
    return topic


def _slot_for_person(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """A slot for a person: "a room for someone like me", "an opening for a junior at Acme"."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    after = norms[k + 1:k + 4]
    if "for" not in after:
        return None
    f = k + 1 + after.index("for")
    people = [t for t in tokens[f + 1:f + 5] if _is_person(t)]
    for_me = any(t.norm == "me" for t in tokens[f + 1:f + 5]) or "like me" in " ".join(
        norms[f + 1:f + 8])
    somewhere = any(norms[j] in {"at", "on", "in", "with"} and (
        _reader_org(msg, tokens, j + 1) or tokens[j + 1].capitalised)
        for j in range(f + 1, min(n - 1, f + 7)))
    if people and tokens[f + 1].norm not in {"your", "their", "his", "her"} and (
            tokens[k].stem in _JOBS or for_me or somewhere):
        return (tokens[k].start, people[0].end)
    return None


def _slot_owned(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """Their organisation's opening: "could I be a candidate for your team's next opening?"."""
    tokens, norms = sentence.tokens, sentence.norms
    owner = next((j for j in range(max(0, k - 5), k) if _reader_org(msg, tokens, j)
                  and "'s" in norms[j:k]), None)
    if tokens[k].stem in _JOBS and owner is not None:
        return (tokens[owner].start, tokens[k].end)
    return None


def _slot_appearing(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """"if a junior spot ever frees up", "should a role open at your company"."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    if {"if", "should", "whenever", "when"} & set(norms[max(0, k - 5):k]) and any(
            t.stem in _APPEAR for t in tokens[k + 1:k + 4]):
        return (tokens[k].start, tokens[min(n - 1, k + 3)].end)
    return None


def _slot_taken_on(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """"would your team consider someone like me for an internship?"."""
    tokens, norms = sentence.tokens, sentence.norms
    if tokens[k].stem in _JOBS and "for" in norms[max(0, k - 3):k] and any(
            _is_person(t) for t in tokens[max(0, k - 8):k]) and any(
            t.stem in _TAKE_ON for t in tokens[max(0, k - 10):k]):
        return (tokens[max(0, k - 3)].start, tokens[k].end)
    return None


def _slot_at_org(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """A slot at their organisation: "a spot on your team"."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    org = next((j for j in range(k + 1, min(n, k + 4))
                if norms[j] in {"at", "on", "in", "with", "within"}), None)
    if org is not None and _reader_org(msg, tokens, org + 1):
        return (tokens[k].start, tokens[min(n - 1, org + 2)].end)
    return None


def _is_slot_ask(sentence: Sentence, k: int) -> bool:
    """A slot noun in an asking mood, and not theirs ("your informational chat")."""
    norms = sentence.norms
    mood = sentence.question or bool(_MOOD & set(norms[max(0, k - 6):k]))
    theirs = k > 0 and norms[k - 1] in {"your", "their", "informational", "info", "mock",
                                       "coffee", "podcast"}
    return sentence.tokens[k].stem in _SLOTS and mood and not theirs


def _wish_to_join(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """A wish ("hoping", "would love") to join or work at their organisation."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    token = tokens[k]
    if token.stem not in _DESIRE or (  # "what it's like to work at…" is no wish
            token.norm == "like" and (k == 0 or norms[k - 1] not in {"would", "i", "we"})):
        return None
    # The wish governs the joining: "hoping to (one day) join your team", not
    # "I'd love to hear what it's like to work at your company".
    j = k + 1
    while j < n and norms[j] in {"to", "be", "able", "one", "day", "someday", "really",
                                 "eventually", "soon", "get", "a", "chance"}:
        j += 1
    if j < n - 1 and tokens[j].stem in _JOIN:
        # "join your team", "be part of your team", "intern for free at ur
        # startup": their organisation within a few words of the verb.
        target = next((t for t in range(j + 1, min(n, j + 6))
                       if _reader_org(msg, tokens, t)), None)
        if target is not None:
            return (token.start, tokens[min(n - 1, target + 1)].end)
    return None


def _handed_on(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """Them passing the writer ("me", "my profile") to someone who hires."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    if tokens[k].stem not in _HAND_ON or set(norms[max(0, k - 2):k]) & {"i", "will"} or not (
            {"me", "my"} & set(norms[k + 1:k + 3])):
        return None
    tail = tokens[k + 1:k + 9]
    if any(t.stem in _RECRUITING or t.stem in _SLOTS for t in tail) or any(
            _reader_org(msg, tokens, j) for j in range(k + 1, min(n, k + 8))):
        return (tokens[k].start, tail[-1].end)
    return None


def _do_they_hire(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """Whether they take people on, asked yes-or-no ("do u guys hire self-taught devs?")."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    if tokens[k].stem in _HIRE and (sentence.question or "if" in norms[:k]) and not (
            _WH & set(norms[:k])) and any(_is_person(t) for t in tokens[k + 1:k + 4]):
        return (tokens[k].start, tokens[min(n - 1, k + 3)].end)
    return None


def _help_me_in(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """"help me land an interview at your company": the writer helped into a job."""
    tokens, norms, n = sentence.tokens, sentence.norms, len(sentence.tokens)
    getting = [j for j in range(k + 2, min(n, k + 5)) if tokens[j].stem in _GET_IN]
    if tokens[k].stem == "help" and "me" in norms[k + 1:k + 3] and getting and any(
            t.stem in _JOBS or _reader_org(msg, tokens, j)
            for j, t in enumerate(tokens[getting[0]:k + 10], start=getting[0])):
        return (tokens[k].start, tokens[min(n - 1, k + 5)].end)
    return None


def _their_name(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """The writer using their name when applying."""
    tokens, norms = sentence.tokens, sentence.norms
    if tokens[k].norm == "your" and k + 1 < len(tokens) and norms[k + 1] == "name" and any(
            t.stem in _APPLYING for t in tokens):
        return (tokens[k].start, tokens[k + 1].end)
    return None


def _way_in(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """Asking who recruits, or for the recruiter's details."""
    token, norms = sentence.tokens[k], sentence.norms
    if token.stem in _RECRUITING and (
            "who" in norms or {"contact", "email", "details", "touch"} & set(norms)) and (
            sentence.question or "me" in norms):
        return (token.start, token.end)
    return None


#: A slot asked for is read by its first frame that matches, other words by every word frame.
#: Each frame starts from one of these stems (or "your"); the other words are skipped.
_FRAME_STEMS = _SLOTS | _DESIRE | _HAND_ON | _HIRE | _RECRUITING | {"help"}
_SLOT_FRAMES = (_slot_for_person, _slot_owned, _slot_appearing, _slot_taken_on, _slot_at_org)
_WORD_FRAMES = (_wish_to_join, _handed_on, _do_they_hire, _help_me_in, _their_name, _way_in)


def _job_frames(msg: Message, sentence: Sentence) -> list[Span]:
    """Job and referral asks read from the roles of their words, not from set phrases.

    A place for the writer, wanting in, a hand-on to someone who hires, or a way in: each
    is a frame above, read at the word it starts from.
    """
    topic = _topic(msg, sentence)
    spans: list[Span] = []
    for k, token in enumerate(sentence.tokens):
        if token.quoted or k in topic or (token.stem not in _FRAME_STEMS and token.norm != "your"):
            continue
        if _is_slot_ask(sentence, k):
            slot = next((s for frame in _SLOT_FRAMES if (s := frame(msg, sentence, k))), None)
            if slot is not None:
                spans.append(slot)
                continue
        spans += [s for frame in _WORD_FRAMES if (s := frame(msg, sentence, k))]
    return spans


def attachment_spans(msg: Message) -> list[Span]:
    """Résumés attached, linked or announced ("PFA"), by sentence."""
    spans: list[Span] = []
    for sentence in msg.sentences:
        hits = sentence.find(_PFA)
        norms = set(sentence.norms)
        for i in _resume_mentions(sentence):
            if norms & _SHARE or (norms & _SEND and not sentence.question):
                hits.append((sentence.tokens[i].start, sentence.tokens[i].end))
        for token in sentence.tokens:
            if token.link and _RESUME_URL.search(token.text.split("//")[-1].split("/", 1)[-1]
                                                 if "/" in token.text else ""):
                hits.append((token.start, token.end))
        if hits:
            spans.append((sentence.start, sentence.end))
    return spans


@rule(
    "attachment", severity="error",
    explanation="A résumé attached, linked or announced ('PFA') turns a first message into a "
    "job application.",
    purposes=FIRST_APPROACH,
    breaks=[
        Example("Hi Dana,\n\nWe both taught before tech. I've attached my CV for context. "
                "Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught before tech. PFA my resume. Could we talk?\n\nZoë"),
        Example("Hi Dana, we both taught! Here's my résumé: https://drive.google.com/file/d/1x"
                "/view Could we talk?"),
    ],
    near_misses=[
        Example("Hi Dana,\n\nYour CV pipeline for sorting parcels was great, and we both "
                "taught. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught. I attached a photo from the meetup. Could we "
                "talk?\n\nZoë", purpose=Purpose.FIRST_CONTACT),
    ],
)
def attachment(msg: Message) -> Hit | None:
    """A résumé included, linked or announced."""
    spans = attachment_spans(msg)
    if not spans:
        return None
    return Hit("A first message that includes a résumé or CV reads like a job application.",
               "Leave it out; share your work later if they ask.", tuple(spans))


@rule(
    "job-ask", severity="error",
    explanation="A first message that asks about jobs or referrals, even indirectly "
    "('keep me in mind if anything opens up'), asks a stranger for a favour.",
    purposes=FIRST_APPROACH,
    breaks=[
        Example("Hi Dana,\n\nWe both taught before tech. Is Acme hiring? Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught before tech. If anything opens up on your team, "
                "please keep me in mind. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught. I applied for the junior role; could you put in a "
                "word with the hiring manager?\n\nZoë"),
        Example("hey dana! we both taught lol. do u take interns? could we chat?",
                Channel.DISCORD_DM),
        Example("Hi Dana, great meeting you at PyLadies! Could you pass my name along to your "
                "team lead? Zoë", Channel.LINKEDIN_NOTE, Purpose.CONNECT_AFTER_MEETUP),
        Example("Hi Dana, great meeting you at PyLadies! If your squad ever needs an extra "
                "pair of hands, I'm in. Zoë", Channel.LINKEDIN_NOTE,
                Purpose.CONNECT_AFTER_MEETUP),
        Example("Hi Dana,\n\nWe both taught. I saw Acme has a junior posting up, is it still "
                "open? Could we talk?\n\nZoë"),
    ],
    near_misses=[
        Example("Hi Dana,\n\nYour post “Why we stopped hiring on CVs” was great, and we both "
                "taught. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught, and I've put my CV in a Dropbox folder for you: "
                "https://dropbox.com/s/zoe-cv. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught. Is your workshop still running in May? Could we "
                "talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught. I applied to a bootcamp last month. What do you "
                "wish you'd known before yours?\n\nZoë"),
        Example("Hi Dana,\n\nYour CV model for reading receipts was great. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nThanks for the chat! I applied for the role you mentioned.\n\nZoë",
                purpose=Purpose.KEEP_IN_TOUCH),
    ],
)
def job_ask(msg: Message) -> Hit | None:
    """Every job or referral ask in the message, as one finding."""
    attached = attachment_spans(msg)
    spans: list[Span] = []
    for sentence in msg.sentences:
        topic = _topic(msg, sentence)
        for pattern in _JOB_ASKS:
            spans += [(a, b) for a, b in sentence.find(pattern)
                      if not any(sentence.tokens[k].start <= a < sentence.tokens[k].end
                                 for k in topic)]
        spans += _job_frames(msg, sentence)
        # "Is Acme hiring?", "I see your company is hiring": whether they hire. "What is
        # your hiring process like?" asks how, which is insight.
        for a, b in sentence.token_index(_IS_HIRING):
            if not _WH & set(sentence.norms[:a]):
                spans.append((sentence.tokens[a].start, sentence.tokens[b].end))
        if not any(a <= sentence.start < b for a, b in attached):
            spans += [(sentence.tokens[i].start, sentence.tokens[i].end)
                      for i in _resume_mentions(sentence)]
    if not spans:
        searching = [span for s in msg.sentences for p in _JOB_SEARCH for span in s.find(p)]
        if not searching:
            return None
        return Hit("Saying you're job hunting in a first message can read as a hint that you "
                   "want a referral.",
                   "Consider leaving it out, or keep it to what you're learning.",
                   tuple(_merge(searching)), "info")
    spans = _merge(spans)
    first = msg.text[spans[0][0]:spans[0][1]]
    more = f" (and {len(spans) - 1} more)" if len(spans) > 1 else ""
    return Hit(f"“{first}”{more} asks about a job or a referral. A first message should only "
               "ask for their insight.",
               "Remove it. If the chat goes well, opportunities tend to come up on their own.",
               tuple(spans))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# ---------------------------------------------------------------------- mentors

_MENTOR_ASKS = [
    # The reader in a guiding role for the writer: "be my guide", "be my sensei", "a
    # sort of coach for me", or the writer as their mentee.
    phrase("(be|become|being) my _{0,2}(mentor|mentorship|guide|coach|sensei|tutor)"),
    phrase("(be|become|being|as) (a|an|some) _{0,3}(mentor|guide|coach|sensei|tutor) "
           "(for|to) me"),
    phrase("(me|i) (on )?as (a|an|your) _{0,1}(mentee|protege|protégé)|(be|become|being) "
           "your (mentee|protege|protégé)"),
    phrase("(mentor|mentorship) (for|to) me|mentor me|mentoring me"),
    phrase("mentor (a|someone|somebody) _{0,2}(like me|beginner|newbie|junior|learner)"),
    phrase("under your wing"),
    # The reader in the mentor's role: "I'd be honoured to have you as a mentor".
    phrase("(?<!had )(?<!was )you as (a|my) (_ ){0,1}(mentor|guide|coach)"),
    phrase("(regular|ongoing|monthly|weekly|fortnightly) (_ ){0,1}(check|guidance|sessions|"
           "calls|meetings|catch ups)"),
    phrase("(guide|coach) me (through|as|while|on|in)|(guide|coach) me$"),
]
#: The writer seeking a mentor; "how did you find a mentor" is about their past.
_SEEKING = phrase("(looking|searching|seeking|need|want|hope|find|finding|ask|asking|request) "
                  "(for )?(a |an |some |any |your )?_{0,1}(mentor|mentorship)")
#: "Would you (ever consider) mentoring", with the reader as the one who would mentor.
_WOULD_YOU = phrase("(would|could|can|will|might) you|you (would|could|might)")
#: Words that turn the clause to their own story ("would you tell me how you found a
#: mentor") before any mentor word is reached.
_NOT_AN_ASK = {"your", "who", "had", "has", "their", "his", "her", "past", "did", "first",
               "how", "what", "when", "where", "why", "which", "whether"}


def _would_you_mentor(sentence: Sentence) -> list[Span]:
    spans = []
    for first, _last in sentence.token_index(_WOULD_YOU):
        # Wide enough for "if you would agree to be someone I check in with monthly,
        # kind of like a mentor".
        window = sentence.tokens[first + 2:first + 20]
        for j, token in enumerate(window):
            if token.norm in _NOT_AN_ASK:
                break
            if token.stem in {"mentor", "mentorship"}:
                following = window[j + 1].norm if j + 1 < len(window) else ""
                if following not in {"you", "your"}:
                    spans.append((sentence.tokens[first].start, token.end))
                break
    return spans


@rule(
    "mentor-ask", severity="error",
    explanation="Asking a stranger to be your mentor is a big ask; mentorship grows out of "
    "conversations.",
    breaks=[
        Example("Hi Dana,\n\nWe both taught before tech. Would you be open to mentoring me? "
                "\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught. Could you take me under your wing for a few "
                "months?\n\nZoë"),
        Example("hi dana, we both taught. can you be mentor for me?", Channel.DISCORD_DM),
        Example("Hi Dana, we both taught. Could you be my guide through this?",
                Channel.LINKEDIN_NOTE),
        Example("Hi Dana, thanks for the call! Would you take me on as a mentee?",
                purpose=Purpose.THANK_YOU),
        Example("Hi Dana,\n\nThanks for the chat! Would you be my mentor?\n\nZoë",
                purpose=Purpose.THANK_YOU),
    ],
    near_misses=[
        Example("Hi Dana,\n\nWe both taught. Who mentored you when you switched? Could we "
                "talk?\n\nZoë"),
        Example("Hi Dana,\n\nI loved your talk on mentoring juniors at Acme, and we both "
                "taught. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nI mentor kids at a code club, like you. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught. Would you tell me how you found a mentor when "
                "you switched?\n\nZoë"),
    ],
)
def mentor_ask(msg: Message) -> Hit | None:
    """Asking them to mentor the writer (a stronger error in a first message)."""
    spans: list[Span] = []
    for sentence in msg.sentences:
        for pattern in _MENTOR_ASKS:
            spans += sentence.find(pattern)
        for first, last in sentence.token_index(_SEEKING):
            if "you" not in {t.norm for t in sentence.tokens[max(0, first - 2):first]}:
                spans.append((sentence.tokens[first].start, sentence.tokens[last].end))
        spans += _would_you_mentor(sentence)
    if not spans:
        return None
    spans = _merge(spans)
    first_text = msg.text[spans[0][0]:spans[0][1]]
    return Hit(f"“{first_text}” asks them to be your mentor, which is a big ask of a "
               "stranger.",
               "Ask one specific question instead. Mentorship grows out of conversations.",
               tuple(spans), "error" if msg.purpose in OPENING else "warning")
