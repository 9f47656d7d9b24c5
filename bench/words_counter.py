# words_counter.py: the plain baseline of bench/words.sh. Reads every file
# under a folder, splits words with a regular expression (letters and
# digits, with inner ' . - joining them), lower-cases them, drops a
# possessive 's and the stopwords of a file, and counts them per group
# (the file's first folder) with collections.Counter: frequency and
# document frequency. Prints the top 20 of each group.
import collections, os, re, sys

root, stopfile = sys.argv[1], sys.argv[2]
stop = set()
for line in open(stopfile, encoding="utf-8"):
    w = line.split("#", 1)[0].strip()
    if w:
        stop.add(w[:-2] if len(w) > 2 and w.endswith("'s") else w)
token = re.compile(r"\w+(?:['’.\-]\w+)*")
freq = collections.defaultdict(collections.Counter)
docs = collections.defaultdict(collections.Counter)
for folder, dirs, files in os.walk(root):
    dirs.sort()
    group = os.path.relpath(folder, root).split(os.sep)[0]
    for name in sorted(files):
        if name.startswith("."):
            continue
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            words = [w for w in (t.lower().replace("’", "'") for t in token.findall(f.read())) if w not in stop]
        words = [w[:-2] if w.endswith("'s") else w for w in words]
        freq[group].update(words)
        docs[group].update(set(words))
for group in sorted(freq):
    print(group, " ".join(f"{w}:{c}:{docs[group][w]}" for w, c in freq[group].most_common(20)))
