using System.Collections.Frozen;
using Signpost.Policy.Calendar;
using Signpost.Policy.Settings;

namespace Signpost.Policy.Triage;

/// <summary>
/// Labels inbound comments, messages and mentions with the triage labels of RULES.md, the
/// priority that follows from them and whether the message arrived out of hours (004 §6.4). Every
/// label carries the words or patterns that led to it. Rules, not a trained model: a moderation
/// decision by a public body has to be explainable, and the lexicon (Data/Triage/lexicon.txt) can
/// be read and corrected by the comms team's reviewers. The urgent labels are tuned for recall
/// (a missed safeguarding disclosure is worse than a false alarm); the others for precision.
/// </summary>
/// <remarks>Build one per organisation's settings; <see cref="Triage"/> is thread-safe and does no I/O.</remarks>
public sealed class TriageEngine
{
    private const int NegationWindow = 3;
    private static readonly int LabelCount = Enum.GetValues<TriageLabel>().Length;

    private readonly TriageLexicon _lexicon;
    private readonly PersonalDataDetector _personalData;
    private readonly LabelGroup[] _groupLabels;
    private readonly int[] _vetoFor;
    private readonly bool[] _isVeto;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _negators;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _clauseBreaks;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _whOpeners;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _auxOpeners;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _questionSubjects;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _rhetoricalOpeners;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _greetings;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _orgWords;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _sentimentIgnored;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _ageBefore;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _ageAfter;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _ageUnits;
    private readonly PairRule[] _pairs;
    private readonly LexiconPhrase _minorAge;
    private readonly LexiconPhrase _adultAge;

    // Groups the label logic reads (see Data/Triage/lexicon.txt).
    private readonly int _gDanger, _gSelfHarm, _gThreat, _gComplaintSelf, _gSafeguarding, _gChild, _gChildHarm, _gPatientSafety;
    private readonly int _gMedical, _gMedicalAsk, _gMedicalTerm, _gComplaint, _gServiceFailure;
    private readonly int _gAbuse, _gDiscrimination, _gSlur, _gMisinformation, _gSpam, _gSpamWeak;
    private readonly int _gLegal, _gMedia, _gOutlet, _gMediaAsk, _gFoi, _gPersonalData, _gNhsNumber;
    private readonly int _gCriticism, _gCriticismVeto, _gPraise, _gThanks, _gEnquiry, _gRhetorical;
    private readonly int _gAdultAge, _gRelationship;

    /// <summary>
    /// Two kinds of words that mean more together than alone, within <see cref="Window"/> words of each
    /// other (int.MaxValue: anywhere in the message): a warning sign and a means of self-harm, someone
    /// close and a controlling act, a weapon and its use. With <see cref="A"/> = <see cref="B"/>, two
    /// different phrases of the group that do not overlap. <see cref="Ordered"/>: B comes after A
    /// ("the midwife … drunk", not "a drunk man … the nurse").
    /// </summary>
    private sealed record PairRule(int A, int B, int Window, TriageLabel[] Labels, string Reason, bool Ordered = false);

    public TriageEngine(OrganisationSettings settings)
        : this(settings, new WorkingHoursCalendar(settings.WorkingHours))
    {
    }

    public TriageEngine(OrganisationSettings settings, WorkingHoursCalendar workingHours)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        WorkingHours = workingHours;
        _lexicon = TriageLexicon.Embedded;
        _personalData = new PersonalDataDetector(settings);

        var groups = _lexicon.GroupNames;
        _groupLabels = new LabelGroup[groups.Count];
        _vetoFor = new int[groups.Count];
        _isVeto = new bool[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var name = groups[g];
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var head = dot < 0 ? name : name[..dot];
            _groupLabels[g] = LabelGroupOf(head);
            _isVeto[g] = name.EndsWith(".veto", StringComparison.Ordinal);
            _vetoFor[g] = _isVeto[g] ? (int)LabelGroupOf(head) : -2;
        }

        _negators = WordSet("@negator");
        _clauseBreaks = WordSet("@clause_break");
        _whOpeners = WordSet("@wh_open");
        _auxOpeners = WordSet("@aux_open");
        _questionSubjects = WordSet("@question_subject");
        _rhetoricalOpeners = WordSet("@rhetorical_open");
        _greetings = WordSet("@greeting");
        _orgWords = WordSet("@org");
        _sentimentIgnored = WordSet("@sentiment_ignore");
        _ageBefore = WordSet("@age_before");
        _ageAfter = WordSet("@age_after");
        _ageUnits = WordSet("@age_units");

        _gDanger = _lexicon.Group("immediate_danger");
        _gSelfHarm = _lexicon.Group("selfharm");
        _gThreat = _lexicon.Group("threat");
        _gComplaintSelf = _lexicon.Group("complaint.self");
        _gSafeguarding = _lexicon.Group("safeguarding");
        _gChild = _lexicon.Group("safeguarding.child");
        _gChildHarm = _lexicon.Group("safeguarding.harm");
        _gPatientSafety = _lexicon.Group("patient_safety");
        _gMedical = _lexicon.Group("medical_question");
        _gMedicalAsk = _lexicon.Group("medical_question.ask");
        _gMedicalTerm = _lexicon.Group("medical_question.term");
        _gComplaint = _lexicon.Group("complaint");
        _gServiceFailure = _lexicon.Group("complaint.failure");
        _gAbuse = _lexicon.Group("abuse");
        _gDiscrimination = _lexicon.Group("discrimination");
        _gSlur = _lexicon.Group("discrimination.slur");
        _gMisinformation = _lexicon.Group("misinformation");
        _gSpam = _lexicon.Group("spam");
        _gSpamWeak = _lexicon.Group("spam.weak");
        _gLegal = _lexicon.Group("legal");
        _gMedia = _lexicon.Group("media");
        _gOutlet = _lexicon.Group("media.outlet");
        _gMediaAsk = _lexicon.Group("media.ask");
        _gFoi = _lexicon.Group("foi");
        _gPersonalData = _lexicon.Group("personal_data");
        _gNhsNumber = _lexicon.Group("personal_data.nhs_number");
        _gCriticism = _lexicon.Group("criticism");
        _gCriticismVeto = _lexicon.Group("criticism.veto");
        _gPraise = _lexicon.Group("praise");
        _gThanks = _lexicon.Group("praise.thanks");
        _gEnquiry = _lexicon.Group("enquiry");
        _gRhetorical = _lexicon.Group("@rhetorical");
        _gAdultAge = _lexicon.Group("safeguarding.age_adult");
        _gRelationship = _lexicon.Group("safeguarding.relationship");
        _minorAge = new LexiconPhrase { Group = _gChild, Words = [], Source = "an age under 18", IgnoresNegation = true };
        _adultAge = new LexiconPhrase { Group = _gAdultAge, Words = [], Source = "an adult's age", IgnoresNegation = true };

        var dangerAndSafeguarding = new[] { TriageLabel.ImmediateDanger, TriageLabel.Safeguarding };
        _pairs =
        [
            new(_lexicon.Group("selfharm.sign"), _lexicon.Group("selfharm.sign"), int.MaxValue, dangerAndSafeguarding, "warning signs of suicide together: "),
            new(_lexicon.Group("selfharm.sign"), _lexicon.Group("selfharm.means"), int.MaxValue, dangerAndSafeguarding, "a warning sign and a means of self-harm: "),
            new(_lexicon.Group("safeguarding.person"), _lexicon.Group("safeguarding.control"), 16, [TriageLabel.Safeguarding], "harm or control by someone close: "),
            new(_lexicon.Group("immediate_danger.weapon"), _lexicon.Group("immediate_danger.weapon_use"), 8, [TriageLabel.ImmediateDanger], "a weapon in use: "),
            new(_lexicon.Group("patient_safety.staff"), _lexicon.Group("patient_safety.impaired"), 10, [TriageLabel.PatientSafety], "staff unfit to care: ", Ordered: true),
        ];
    }

    public OrganisationSettings Settings { get; }

    public WorkingHoursCalendar WorkingHours { get; }

    /// <summary>Labels one message. Thread-safe; no I/O.</summary>
    public TriageResult Triage(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Text ?? "";
        var work = Work.Rent();
        var scan = work.Scan;
        scan.Scan(text);
        work.Hits.Clear();
        work.PersonalData.Clear();
        _lexicon.FindPhrases(scan, work.Hits);
        ApplyVetoesAndNegation(work);
        AddAges(work);

        var reasons = new List<TriageReason>();
        var labels = work.Labels;
        Array.Clear(labels);
        Decide(work, labels, reasons);

        var ordered = new List<TriageLabel>(4);
        for (var p = TriagePriority.Urgent; p <= TriagePriority.Low; p++)
        {
            for (var l = 0; l < LabelCount; l++)
            {
                if (labels[l] && ((TriageLabel)l).PriorityOf() == p)
                {
                    ordered.Add((TriageLabel)l);
                }
            }
        }

        reasons.Sort(static (a, b) =>
        {
            var byPriority = a.Label.PriorityOf().CompareTo(b.Label.PriorityOf());
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byLabel = a.Label.CompareTo(b.Label);
            return byLabel != 0 ? byLabel : (a.Start ?? int.MaxValue).CompareTo(b.Start ?? int.MaxValue);
        });

        return new TriageResult
        {
            Labels = ordered,
            Priority = ordered.Count == 0 ? TriagePriority.Low : ordered[0].PriorityOf(),
            OutOfHours = WorkingHours.IsOutOfHours(message.ReceivedAt),
            Reasons = reasons,
        };
    }

    private void Decide(Work work, bool[] labels, List<TriageReason> reasons)
    {
        var scan = work.Scan;
        var text = scan.Text;
        var hits = work.Hits;

        // Facts about the whole message read by several labels.
        var hasOrg = false;
        for (var t = 0; t < scan.TokenCount && !hasOrg; t++)
        {
            hasOrg = _orgWords.Contains(scan.Word(t));
        }

        var enquirySentences = 0;
        var questionMask = work.QuestionSentences;
        questionMask.Clear();
        for (var s = 0; s < scan.SentenceCount; s++)
        {
            var kind = QuestionKind(work, s);
            questionMask.Add(kind);
            if (kind is Question.Asking or Question.Statement)
            {
                enquirySentences++;
            }
        }

        // Urgent labels: recall first (004 §6.4.5, 000 §6.1).
        AddHits(TriageLabel.ImmediateDanger, _gDanger, work, labels, reasons);
        AddHits(TriageLabel.ImmediateDanger, _gSelfHarm, work, labels, reasons);
        AddHits(TriageLabel.ImmediateDanger, _gThreat, work, labels, reasons, "threat: ");
        AddHits(TriageLabel.Abuse, _gThreat, work, labels, reasons, "threat: ");
        AddHits(TriageLabel.Safeguarding, _gSelfHarm, work, labels, reasons);
        AddHits(TriageLabel.Safeguarding, _gSafeguarding, work, labels, reasons);

        // A child, and harm to a child, close together (000 §6.0: neglect, abuse, grooming, exploitation).
        var alive = work.AliveFlags;
        for (var c = 0; c < hits.Count; c++)
        {
            var child = hits[c];
            if (child.Group != _gChild || !alive[c])
            {
                continue;
            }

            for (var h = 0; h < hits.Count; h++)
            {
                var harm = hits[h];
                if (harm.Group == _gChildHarm && alive[h] && Math.Abs(harm.First - child.First) <= 14)
                {
                    AddReason(TriageLabel.Safeguarding, child, "child at risk: " + child.Phrase.Source, scan, labels, reasons);
                    AddReason(TriageLabel.Safeguarding, harm, "child at risk: " + harm.Phrase.Source, scan, labels, reasons);
                }
            }
        }

        // Words that mean more together than alone (a warning sign and a means; someone close and a
        // controlling act; a weapon and its use; a member of staff and drink).
        foreach (var rule in _pairs)
        {
            ApplyPair(rule, work, labels, reasons);
        }

        // A child's age and an adult's age five or more years apart, with a relationship ("I'm 15 and my
        // boyfriend is 24"): grooming or exploitation whatever the wording (000 §6.1).
        if (CountAlive(work, _gRelationship) > 0)
        {
            for (var c = 0; c < hits.Count; c++)
            {
                if (!ReferenceEquals(hits[c].Phrase, _minorAge) || !TriageLexicon.TryAge(scan, hits[c].First, out var minor))
                {
                    continue;
                }

                for (var a = 0; a < hits.Count; a++)
                {
                    if (ReferenceEquals(hits[a].Phrase, _adultAge) && TriageLexicon.TryAge(scan, hits[a].First, out var adult) && adult - minor >= 5)
                    {
                        AddReason(TriageLabel.Safeguarding, hits[c], "age gap with a child: " + hits[c].Phrase.Source, scan, labels, reasons);
                        AddReason(TriageLabel.Safeguarding, hits[a], "age gap with a child: " + hits[a].Phrase.Source, scan, labels, reasons);
                        AddHits(TriageLabel.Safeguarding, _gRelationship, work, labels, reasons, "age gap with a child: ");
                        break;
                    }
                }
            }
        }

        AddHits(TriageLabel.PatientSafety, _gPatientSafety, work, labels, reasons);

        // Medical question: asks for advice (a question or a request) about a symptom, medicine or dose (004 §6.5.1).
        // Not when life is at risk now: that is a 999 call, not a question to signpost.
        var danger = labels[(int)TriageLabel.ImmediateDanger];
        if (!danger)
        {
            AddHits(TriageLabel.MedicalQuestion, _gMedical, work, labels, reasons);
        }

        for (var a = 0; a < hits.Count && !danger; a++)
        {
            var ask = hits[a];
            if (ask.Group != _gMedicalAsk || !alive[a])
            {
                continue;
            }

            var sentence = scan.Tokens[ask.First].Sentence;
            for (var m = 0; m < hits.Count; m++)
            {
                var term = hits[m];
                if (term.Group == _gMedicalTerm && alive[m] && scan.Tokens[term.First].Sentence == sentence)
                {
                    AddReason(TriageLabel.MedicalQuestion, ask, "asks for advice: " + ask.Phrase.Source, scan, labels, reasons);
                    AddReason(TriageLabel.MedicalQuestion, term, "about a symptom or medicine: " + term.Phrase.Source, scan, labels, reasons);
                    break;
                }
            }
        }

        // Abuse and discrimination (004 Appendix B house rules; 000 §3.4).
        AddHits(TriageLabel.Abuse, _gAbuse, work, labels, reasons);
        AddHits(TriageLabel.Discrimination, _gDiscrimination, work, labels, reasons);
        AddHits(TriageLabel.Discrimination, _gSlur, work, labels, reasons);
        AddHits(TriageLabel.Abuse, _gSlur, work, labels, reasons);

        // Misinformation (000 §3.4): a false health claim stated, not asked about.
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            if (hit.Group == _gMisinformation && alive[h] && questionMask[scan.Tokens[hit.First].Sentence] == Question.None)
            {
                AddReason(TriageLabel.Misinformation, hit, hit.Phrase.Source, scan, labels, reasons);
            }
        }

        // Spam: advertising and selling, or a message that is mostly links.
        AddHits(TriageLabel.Spam, _gSpam, work, labels, reasons);
        if (scan.LinkCount >= 2)
        {
            reasons.Add(new TriageReason(TriageLabel.Spam, null, null, $"{scan.LinkCount} links", "repeated links"));
            labels[(int)TriageLabel.Spam] = true;
        }
        else if (scan.LinkCount == 1 && CountAlive(work, _gSpamWeak) >= 1)
        {
            AddHits(TriageLabel.Spam, _gSpamWeak, work, labels, reasons, "a link with selling words: ");
        }

        AddHits(TriageLabel.Legal, _gLegal, work, labels, reasons);
        AddHits(TriageLabel.Media, _gMedia, work, labels, reasons);
        if (CountAlive(work, _gOutlet) > 0 && CountAlive(work, _gMediaAsk) > 0)
        {
            AddHits(TriageLabel.Media, _gOutlet, work, labels, reasons, "news outlet: ");
            AddHits(TriageLabel.Media, _gMediaAsk, work, labels, reasons, "asking for comment: ");
        }

        AddHits(TriageLabel.Foi, _gFoi, work, labels, reasons);

        // Personal data the sender shares (004 §6.5.2).
        AddHits(TriageLabel.PersonalData, _gPersonalData, work, labels, reasons);
        _personalData.Find(scan, CountAlive(work, _gNhsNumber) > 0, work.PersonalData);
        foreach (var m in work.PersonalData)
        {
            reasons.Add(new TriageReason(TriageLabel.PersonalData, m.Start, m.Length, text.Substring(m.Start, m.Length), m.Rule));
            labels[(int)TriageLabel.PersonalData] = true;
        }

        // Complaint: about care or a service the person (or their family) received, with an implied request.
        AddHits(TriageLabel.Complaint, _gComplaint, work, labels, reasons);
        AddHits(TriageLabel.Complaint, _gServiceFailure, work, labels, reasons, "service failure: ");
        if (labels[(int)TriageLabel.PatientSafety] && !labels[(int)TriageLabel.Complaint] && CountAlive(work, _gComplaintSelf) > 0)
        {
            AddHits(TriageLabel.Complaint, _gComplaintSelf, work, labels, reasons, "patient safety concern about the sender's own or a relative's care: ");
        }

        // Criticism (003 §3.2.6: never removed for being critical): negative about the organisation,
        // not abusive, and not already a complaint, misinformation or spam, which carry their own route.
        var blocksCriticism = labels[(int)TriageLabel.Complaint] || labels[(int)TriageLabel.Abuse]
            || labels[(int)TriageLabel.Discrimination] || labels[(int)TriageLabel.Misinformation] || labels[(int)TriageLabel.Spam];
        if (!blocksCriticism)
        {
            if (CountAlive(work, _gCriticism) > 0)
            {
                AddHits(TriageLabel.Criticism, _gCriticism, work, labels, reasons);
            }
            else if (hasOrg)
            {
                var score = Sentiment(work, out var most, out var mostScore);
                if (score <= -3 && most >= 0)
                {
                    var token = scan.Tokens[most];
                    reasons.Add(new TriageReason(TriageLabel.Criticism, token.Start, token.Length, text.Substring(token.Start, token.Length),
                        $"negative about the service (sentiment {score}; strongest word {mostScore})"));
                    labels[(int)TriageLabel.Criticism] = true;
                }
            }
        }

        // Praise: strong words always; a bare "thanks" only when it is not politeness around a
        // question or sarcasm around a complaint.
        AddHits(TriageLabel.Praise, _gPraise, work, labels, reasons);
        var negative = labels[(int)TriageLabel.Complaint] || labels[(int)TriageLabel.Criticism] || labels[(int)TriageLabel.Abuse]
            || labels[(int)TriageLabel.Discrimination];
        if (!labels[(int)TriageLabel.Praise] && !negative && enquirySentences == 0 && !labels[(int)TriageLabel.MedicalQuestion]
            && !labels[(int)TriageLabel.Spam] && !labels[(int)TriageLabel.Foi] && !labels[(int)TriageLabel.Media])
        {
            AddHits(TriageLabel.Praise, _gThanks, work, labels, reasons);
        }

        // Enquiry: a real question (not rhetorical) or a request for information that no more
        // specific label already routes (medical_question, foi, media have their own answer).
        if (!labels[(int)TriageLabel.ImmediateDanger] && !labels[(int)TriageLabel.MedicalQuestion]
            && !labels[(int)TriageLabel.Foi] && !labels[(int)TriageLabel.Media] && !labels[(int)TriageLabel.Spam])
        {
            var before = reasons.Count;
            AddHits(TriageLabel.Enquiry, _gEnquiry, work, labels, reasons);
            if (reasons.Count == before)
            {
                for (var s = 0; s < scan.SentenceCount; s++)
                {
                    if (questionMask[s] != Question.Asking && (questionMask[s] != Question.Statement || negative))
                    {
                        continue;
                    }

                    var sentence = scan.Sentences[s];
                    var first = scan.Tokens[sentence.FirstToken];
                    var (start, length) = sentence.HasQuestionMark ? (sentence.QuestionMarkAt, 1) : (first.Start, first.Length);
                    reasons.Add(new TriageReason(TriageLabel.Enquiry, start, length, text.Substring(start, length),
                        sentence.HasQuestionMark ? "a question" : "a question without a question mark"));
                    labels[(int)TriageLabel.Enquiry] = true;
                    break;
                }
            }
        }
    }

    private enum Question
    {
        None,
        Asking,
        Rhetorical,
        Statement,
    }

    private Question QuestionKind(Work work, int s)
    {
        var scan = work.Scan;
        var sentence = scan.Sentences[s];
        var t = sentence.FirstToken;
        var end = sentence.FirstToken + sentence.TokenCount;

        // Skip "hi", "morning", "please", "quick question" … before the first real word.
        while (t < end - 1 && _greetings.Contains(scan.Word(t)))
        {
            t++;
        }

        var opener = scan.Word(t);
        if (_rhetoricalOpeners.Contains(opener) || StartsRhetorical(work, t))
        {
            return Question.Rhetorical;
        }

        // "when does the flu clinic open", "is there parking": a question word, or an auxiliary
        // before its subject, opens a question with or without "?" ("are useless" does not).
        var opens = (_whOpeners.Contains(opener) && end - t >= 2)
            || (_auxOpeners.Contains(opener) && t + 1 < end && _questionSubjects.Contains(scan.Word(t + 1)));
        if (opens)
        {
            return Question.Asking;
        }

        // "so you're cutting the budget again?": a statement with a question mark; an enquiry
        // only if the message is not otherwise critical.
        return sentence.HasQuestionMark ? Question.Statement : Question.None;
    }

    private bool StartsRhetorical(Work work, int t)
    {
        foreach (var hit in work.Hits)
        {
            if (hit.Group == _gRhetorical && hit.First == t)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>AFINN/VADER-derived score of the message; words inside a criticism veto ("terrible headache") do not count.</summary>
    private int Sentiment(Work work, out int strongest, out int strongestScore)
    {
        var scan = work.Scan;
        var total = 0;
        strongest = -1;
        strongestScore = 0;
        for (var t = 0; t < scan.TokenCount; t++)
        {
            var word = scan.Word(t);
            if (_sentimentIgnored.Contains(word) || InsideVeto(work, t, _gCriticismVeto))
            {
                continue;
            }

            var score = _lexicon.SentimentOf(word);
            if (score == 0)
            {
                continue;
            }

            if (IsNegated(scan, t))
            {
                score = -score / 2;
            }

            total += score;
            if (score < strongestScore)
            {
                strongestScore = score;
                strongest = t;
            }
        }

        return total;
    }

    private static void ApplyPair(PairRule rule, Work work, bool[] labels, List<TriageReason> reasons)
    {
        var hits = work.Hits;
        var alive = work.AliveFlags;
        for (var a = 0; a < hits.Count; a++)
        {
            var first = hits[a];
            if (first.Group != rule.A || !alive[a])
            {
                continue;
            }

            for (var b = 0; b < hits.Count; b++)
            {
                var second = hits[b];
                if (second.Group != rule.B || !alive[b] || a == b)
                {
                    continue;
                }

                if (rule.A == rule.B && (ReferenceEquals(first.Phrase, second.Phrase) || (first.First <= second.Last && second.First <= first.Last)))
                {
                    continue;
                }

                if ((rule.Window != int.MaxValue && Math.Abs(second.First - first.First) > rule.Window) || (rule.Ordered && second.First < first.First))
                {
                    continue;
                }

                foreach (var label in rule.Labels)
                {
                    AddReason(label, first, rule.Reason + first.Phrase.Source, work.Scan, labels, reasons);
                    AddReason(label, second, rule.Reason + second.Phrase.Source, work.Scan, labels, reasons);
                }

                return;
            }
        }
    }

    /// <summary>
    /// Ages in the message ("I'm 15", "my nephew's 13", "a 14 year old", "14yo"): an age under 18 is a
    /// child word for the child-and-harm rule; an adult's age is kept for the age-gap rule.
    /// </summary>
    private void AddAges(Work work)
    {
        var scan = work.Scan;
        for (var t = 0; t < scan.TokenCount; t++)
        {
            if (!TriageLexicon.TryAge(scan, t, out var age))
            {
                continue;
            }

            var word = scan.Word(t);
            var ageWordFollows = t + 1 < scan.TokenCount && scan.Tokens[t + 1].Sentence == scan.Tokens[t].Sentence && _ageAfter.Contains(scan.Word(t + 1));
            var suffixed = !char.IsAsciiDigit(word[^1]);
            var before = t > 0 && scan.Tokens[t - 1].Sentence == scan.Tokens[t].Sentence && _ageBefore.Contains(scan.Word(t - 1));
            var unitFollows = t + 1 < scan.TokenCount && scan.Tokens[t + 1].Sentence == scan.Tokens[t].Sentence && _ageUnits.Contains(scan.Word(t + 1));
            if (!(suffixed || ageWordFollows || (before && !unitFollows)))
            {
                continue;
            }

            var last = ageWordFollows ? t + 1 : t;
            work.Hits.Add(new PhraseHit(age < 18 ? _gChild : _gAdultAge, t, last, age < 18 ? _minorAge : _adultAge));
            work.AliveFlags.Add(true);
        }
    }

    private void ApplyVetoesAndNegation(Work work)
    {
        var hits = work.Hits;
        var alive = work.AliveFlags;
        alive.Clear();
        for (var h = 0; h < hits.Count; h++)
        {
            alive.Add(true);
        }

        var scan = work.Scan;
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            var label = _groupLabels[hit.Group];
            if (_isVeto[hit.Group] || label == LabelGroup.Helper)
            {
                continue;
            }

            foreach (var veto in hits)
            {
                if (!_isVeto[veto.Group])
                {
                    continue;
                }

                var target = (LabelGroup)_vetoFor[veto.Group];
                if ((target == label || target == LabelGroup.All) && veto.First <= hit.Last && hit.First <= veto.Last)
                {
                    alive[h] = false;
                    break;
                }
            }

            if (alive[h] && !hit.Phrase.IgnoresNegation && IsNegated(scan, hit.First))
            {
                alive[h] = false;
            }
        }
    }

    private static bool InsideVeto(Work work, int token, int vetoGroup)
    {
        foreach (var hit in work.Hits)
        {
            if (hit.Group == vetoGroup && hit.First <= token && token <= hit.Last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"not", "never", "don't" … up to three words before, in the same clause.</summary>
    private bool IsNegated(TextScan scan, int first)
    {
        var sentence = scan.Tokens[first].Sentence;
        for (var t = first - 1; t >= 0 && t >= first - NegationWindow; t--)
        {
            if (scan.Tokens[t].Sentence != sentence)
            {
                return false;
            }

            var word = scan.Word(t);
            if (_clauseBreaks.Contains(word))
            {
                return false;
            }

            if (_negators.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountAlive(Work work, int group)
    {
        var n = 0;
        for (var h = 0; h < work.Hits.Count; h++)
        {
            if (work.Hits[h].Group == group && work.AliveFlags[h])
            {
                n++;
            }
        }

        return n;
    }

    private static void AddHits(TriageLabel label, int group, Work work, bool[] labels, List<TriageReason> reasons, string prefix = "")
    {
        var scan = work.Scan;
        for (var h = 0; h < work.Hits.Count; h++)
        {
            var hit = work.Hits[h];
            if (hit.Group == group && work.AliveFlags[h])
            {
                AddReason(label, hit, prefix + hit.Phrase.Source, scan, labels, reasons);
            }
        }
    }

    private static void AddReason(TriageLabel label, PhraseHit hit, string rule, TextScan scan, bool[] labels, List<TriageReason> reasons)
    {
        var start = scan.Tokens[hit.First].Start;
        var last = scan.Tokens[hit.Last];
        var length = last.Start + last.Length - start;
        foreach (var r in reasons)
        {
            if (r.Label == label && r.Start == start && r.Length == length)
            {
                return;
            }
        }

        reasons.Add(new TriageReason(label, start, length, scan.Text.Substring(start, length), rule));
        labels[(int)label] = true;
    }

    private FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> WordSet(string group)
    {
        var id = _lexicon.Group(group);
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in _lexicon.PhrasesOf(id))
        {
            if (phrase.Words.Length == 1)
            {
                words.UnionWith(phrase.Words[0].Exact);
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static LabelGroup LabelGroupOf(string head) => head switch
    {
        "all" => LabelGroup.All,
        "selfharm" => LabelGroup.SelfHarm,
        "threat" => LabelGroup.Threat,
        _ when head.StartsWith('@') => LabelGroup.Helper,
        _ when TriageLabels.TryParse(head, out var label) => (LabelGroup)(int)label,
        _ => throw new InvalidOperationException($"Triage lexicon group \"{head}\" names no label."),
    };

    /// <summary>What a lexicon group is for: a label (same values as <see cref="TriageLabel"/>), or one of these.</summary>
    private enum LabelGroup
    {
        All = -1,
        SelfHarm = 100,
        Helper = 101,
        Threat = 102,
    }

    /// <summary>Per-thread working buffers, so that triage allocates only its result.</summary>
    private sealed class Work
    {
        [ThreadStatic]
        private static Work? t_current;

        public TextScan Scan { get; } = new();
        public List<PhraseHit> Hits { get; } = new(32);
        public List<bool> AliveFlags { get; } = new(32);
        public List<PersonalDataMatch> PersonalData { get; } = new(4);
        public List<Question> QuestionSentences { get; } = new(8);
        public bool[] Labels { get; } = new bool[LabelCount];

        public static Work Rent() => t_current ??= new Work();
    }
}
