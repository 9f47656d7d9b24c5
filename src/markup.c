/*
** markup.c
** The two markups the corpus reader meets: HTML pages, turned into plain
** text with paragraph breaks, and JSON objects (one per JSONL line),
** whose top-level string fields are pulled out. Both are forgiving of
** what real files carry and exact about what they report. No Lua here.
*/

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"


/*
** {==================================================================
** HTML
** ===================================================================
*/

static const struct { const char *name; unsigned short cp; } entities[] = {
  {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
  {"nbsp", ' '}, {"ensp", ' '}, {"emsp", ' '}, {"thinsp", ' '},
  {"mdash", 0x2014}, {"ndash", 0x2013}, {"minus", 0x2212},
  {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
  {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E},
  {"laquo", 0xAB}, {"raquo", 0xBB}, {"hellip", 0x2026}, {"bull", 0x2022},
  {"middot", 0xB7}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
  {"euro", 0x20AC}, {"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2},
  {"sect", 0xA7}, {"para", 0xB6}, {"deg", 0xB0}, {"plusmn", 0xB1},
  {"times", 0xD7}, {"divide", 0xF7}, {"frac12", 0xBD}, {"frac14", 0xBC},
  {"frac34", 0xBE}, {"shy", 0xAD}, {"zwj", 0x200D}, {"zwnj", 0x200C},
  {"aacute", 0xE1}, {"agrave", 0xE0}, {"acirc", 0xE2}, {"auml", 0xE4},
  {"atilde", 0xE3}, {"aring", 0xE5}, {"ccedil", 0xE7}, {"eacute", 0xE9},
  {"egrave", 0xE8}, {"ecirc", 0xEA}, {"euml", 0xEB}, {"iacute", 0xED},
  {"igrave", 0xEC}, {"icirc", 0xEE}, {"iuml", 0xEF}, {"ntilde", 0xF1},
  {"oacute", 0xF3}, {"ograve", 0xF2}, {"ocirc", 0xF4}, {"ouml", 0xF6},
  {"otilde", 0xF5}, {"oslash", 0xF8}, {"uacute", 0xFA}, {"ugrave", 0xF9},
  {"ucirc", 0xFB}, {"uuml", 0xFC}, {"szlig", 0xDF}, {"Eacute", 0xC9},
  {"Auml", 0xC4}, {"Ouml", 0xD6}, {"Uuml", 0xDC}, {NULL, 0}
};

/*
** Decode the character reference at 's' (which starts with '&'). Returns
** the bytes it takes and the code point in '*cp', or 0 when it is not one
** (then the '&' is text).
*/
static size_t entity(const char *s, const char *e, uint32_t *cp) {
  const char *p = s + 1;
  if (p < e && *p == '#') {
    int hex = (p + 1 < e && (p[1] == 'x' || p[1] == 'X'));
    uint32_t v = 0;
    int nd = 0;
    for (p += hex ? 2 : 1; p < e; p++, nd++) {
      int c = (unsigned char)*p;
      uint32_t d;
      if (isdigit(c)) d = (uint32_t)(c - '0');
      else if (hex && isxdigit(c)) d = (uint32_t)(tolower(c) - 'a' + 10);
      else break;
      v = v * (hex ? 16 : 10) + d;
      if (v > 0x10FFFF) v = 0x110000;  /* too large: stays out of range */
    }
    if (nd == 0) return 0;
    if (p < e && *p == ';') p++;
    *cp = (v == 0 || v > 0x10FFFF) ? 0xFFFD : v;
    if (v >= 0x80 && v < 0xA0) *cp = 0xFFFD;  /* C1 controls: never text */
    return (size_t)(p - s);
  }
  else {
    int i;
    size_t k = 0;
    while (p + k < e && k < 8 && isalnum((unsigned char)p[k])) k++;
    for (i = 0; entities[i].name; i++) {
      if (strlen(entities[i].name) == k && strncmp(entities[i].name, p, k) == 0) {
        *cp = entities[i].cp;
        return 1 + k + (p + k < e && p[k] == ';' ? 1 : 0);
      }
    }
    return 0;
  }
}

/* elements whose content is not text */
static int is_rawskip(const char *name) {
  static const char *const names[] = {
    "script", "style", "noscript", "template", "svg", "iframe", "object",
    "canvas", "select", "button", "math", NULL
  };
  int i;
  for (i = 0; names[i]; i++) if (strcmp(name, names[i]) == 0) return 1;
  return 0;
}

/* elements that start a new paragraph */
static int is_block(const char *name) {
  static const char *const names[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "section",
    "article", "header", "footer", "aside", "nav", "main", "blockquote",
    "pre", "hr", "figure", "figcaption", "form", "fieldset", "address",
    "body", "caption", "details", "summary", NULL
  };
  int i;
  for (i = 0; names[i]; i++) if (strcmp(name, names[i]) == 0) return 1;
  return 0;
}

/* case-insensitive search for "</name" in [s, e) */
static const char *find_close(const char *s, const char *e, const char *name) {
  size_t ln = strlen(name);
  for (; s + 2 + ln <= e; s++)
    if (s[0] == '<' && s[1] == '/' && strncasecmp(s + 2, name, ln) == 0)
      return s;
  return NULL;
}

static int meta_add(pbuf *meta, const char *k, const char *v, size_t vn) {
  return pbuf_add(meta, k, strlen(k) + 1) && pbuf_add(meta, v, vn) &&
         pbuf_addc(meta, '\0');
}

/* Append text with entities decoded and white space collapsed */
static int add_text(pbuf *b, const char *s, const char *e) {
  int space = 0;
  while (s < e) {
    uint32_t cp;
    size_t k;
    if (isspace((unsigned char)*s)) { space = 1; s++; continue; }
    if (space && b->n > 0 && !pbuf_addc(b, ' ')) return 0;
    space = 0;
    if (*s == '&' && (k = entity(s, e, &cp)) > 0) {
      if (!pbuf_addcp(b, cp)) return 0;
      s += k;
    }
    else if (!pbuf_addc(b, *s++)) return 0;
  }
  return 1;
}

/* attributes of one tag that matter for metadata and page furniture */
typedef struct tagattrs {
  const char *name, *property, *content, *rel, *href, *datetime, *class, *id;
  size_t nname, nproperty, ncontent, nrel, nhref, ndatetime, nclass, nid;
} tagattrs;

/*
** Parse the attributes of a tag from 's' up to its '>'; returns a pointer
** just past the '>' (or 'e'). Quoted values may contain '>'.
*/
static const char *parse_attrs(const char *s, const char *e, tagattrs *a,
                               int *selfclose) {
  memset(a, 0, sizeof *a);
  *selfclose = 0;
  while (s < e && *s != '>') {
    const char *an, *v = NULL;
    size_t ann, vn = 0;
    if (isspace((unsigned char)*s)) { s++; continue; }
    if (*s == '/') { *selfclose = 1; s++; continue; }
    *selfclose = 0;
    an = s;
    while (s < e && !isspace((unsigned char)*s) && *s != '=' && *s != '>' &&
           *s != '/')
      s++;
    ann = (size_t)(s - an);
    if (ann == 0) { s++; continue; }
    while (s < e && isspace((unsigned char)*s)) s++;
    if (s < e && *s == '=') {
      s++;
      while (s < e && isspace((unsigned char)*s)) s++;
      if (s < e && (*s == '"' || *s == '\'')) {
        char q = *s++;
        v = s;
        while (s < e && *s != q) s++;
        vn = (size_t)(s - v);
        if (s < e) s++;
      }
      else {
        v = s;
        while (s < e && !isspace((unsigned char)*s) && *s != '>') s++;
        vn = (size_t)(s - v);
      }
    }
#define ATTR(f)  if (ann == strlen(#f) && strncasecmp(an, #f, ann) == 0) \
                   { a->f = v; a->n##f = vn; }
    ATTR(name) ATTR(property) ATTR(content) ATTR(rel) ATTR(href) ATTR(datetime)
    ATTR(class) ATTR(id)
#undef ATTR
  }
  return s < e ? s + 1 : e;
}

static int attr_is(const char *v, size_t n, const char *want) {
  return v != NULL && strlen(want) == n && strncasecmp(v, want, n) == 0;
}

/* Metadata from <meta> and <link rel=canonical> */
static int head_field(pbuf *meta, const char *tag, const tagattrs *a) {
  static const struct { const char *attr; const char *key; } map[] = {
    {"og:title", "title"}, {"og:site_name", "source"},
    {"article:published_time", "date"}, {"date", "date"},
    {"pubdate", "date"}, {"dc.date", "date"}, {"og:url", "url"},
    {"author", "author"}, {"description", "description"}, {NULL, NULL}
  };
  int i;
  if (strcmp(tag, "link") == 0) {
    if (attr_is(a->rel, a->nrel, "canonical") && a->href)
      return meta_add(meta, "url", a->href, a->nhref);
    return 1;
  }
  if (a->content == NULL) return 1;
  for (i = 0; map[i].attr; i++) {
    if (attr_is(a->property, a->nproperty, map[i].attr) ||
        attr_is(a->name, a->nname, map[i].attr)) {
      pbuf v = {NULL, 0, 0};
      int ok = add_text(&v, a->content, a->content + a->ncontent) &&
               meta_add(meta, map[i].key, v.p ? v.p : "", v.n);
      pbuf_free(&v);
      return ok;
    }
  }
  return 1;
}

/*
** {------------------------------------------------------------------
** Page furniture
** -------------------------------------------------------------------
** Menus, share bars, related links, newsletter boxes, cookie banners and
** footers are not the article. An element is furniture by its name
** (<nav>, <aside>, <footer>, <form>; a <header> outside <article> and
** <main>, whose <h1> alone is kept), by a class or id that names it
** ("share-buttons", "related-posts", "newsletter", "cookie-banner",
** "breadcrumb", "menu"), or, as jusText and trafilatura judge, by link
** density: a list or box whose text is mostly link text and short per
** link (a list of related headlines, a tag cloud); and a box left with
** nothing but a heading once its furniture went ("More stories" above
** a list of links). The text of an open element is written as usual
** and taken back when it closes as furniture: one pass over the page,
** however deep.
*/

#define MAXOPEN       256  /* elements followed at once; deeper ones are text */
#define LINK_SHARE    0.5  /* link text above this share of a block's text ... */
#define LINK_BYTES    80   /* ... and at most this many bytes of it a link: furniture */

/* an open element followed for furniture */
typedef struct openel {
  char name[16];         /* its tag name, lower case */
  size_t start;          /* out->n when it opened */
  size_t linkbytes;      /* bytes of its text inside <a>, kept children's included */
  size_t links;          /* <a> elements in it */
  size_t h1a, h1b;       /* HEADER: the first <h1>'s text in 'out' (h1b 0: none) */
  size_t headbytes;      /* bytes of its text in <h2> to <h6> */
  int lost;              /* a child was dropped as furniture */
  int kind;              /* EL_* */
} openel;

#define EL_TEXT       0  /* read: its text stays whatever it holds */
#define EL_DENSE      1  /* a box: dropped when dense with links */
#define EL_DROP       2  /* furniture: dropped */
#define EL_HEADER     3  /* a page header: only its <h1> stays */
#define EL_ARTICLE    4  /* <article>, <main>: headers in them stay */

/*
** Does a class or id value name furniture? Its words (split at
** anything but letters, and at a lower-to-upper case step, so that
** "share-buttons", "related_posts" and "shareBar" are read alike) are
** compared whole, so "shareholder" or "menu-of-the-day" are not.
*/
static int furniture_name(const char *v, size_t n) {
  static const char *const words[] = {
    "share", "shares", "sharing", "sharebar", "social", "related", "newsletter",
    "newsletters", "subscribe", "comment", "comments", "cookie", "cookies",
    "consent", "breadcrumb", "breadcrumbs", "menu", "menus", "navbar", NULL
  };
  size_t i = 0;
  if (v == NULL) return 0;
  while (i < n) {
    size_t a, k;
    while (i < n && !isalpha((unsigned char)v[i])) i++;
    for (a = i++; i < n && isalpha((unsigned char)v[i]) &&
         !(isupper((unsigned char)v[i]) && islower((unsigned char)v[i - 1])); i++) {}
    if (i > n || a >= n) break;
    for (k = 0; words[k]; k++)
      if (strlen(words[k]) == i - a && strncasecmp(words[k], v + a, i - a) == 0) return 1;
  }
  return 0;
}

/* The kind of element 'name' opens, with attributes 'a', 'inart' <article>s deep */
static int element_kind(const char *name, const tagattrs *a, int inart) {
  static const char *const dense[] = {
    "ul", "ol", "dl", "menu", "div", "section", "table", "p", NULL
  };
  int i;
  if (!strcmp(name, "nav") || !strcmp(name, "aside") || !strcmp(name, "footer") ||
      !strcmp(name, "form"))
    return EL_DROP;
  if (!strcmp(name, "html") || !strcmp(name, "body")) return EL_TEXT;
  if (!strcmp(name, "article") || !strcmp(name, "main")) return EL_ARTICLE;
  if (furniture_name(a->class, a->nclass) || furniture_name(a->id, a->nid)) return EL_DROP;
  if (!strcmp(name, "header")) return inart ? EL_TEXT : EL_HEADER;
  for (i = 0; dense[i]; i++) if (!strcmp(name, dense[i])) return EL_DENSE;
  return EL_TEXT;
}

/* the elements open, and how the text being written counts */
typedef struct furniture {
  openel el[MAXOPEN];
  size_t n;              /* open: el[0 .. n) */
  size_t deeper;         /* followed elements opened past MAXOPEN, not yet closed */
  int inart;             /* EL_ARTICLE elements open */
  int links;             /* <a> elements open */
} furniture;

/* Is element 'name' followed (its close changes what is kept)? */
static int followed(const char *name, int kind) {
  return kind != EL_TEXT || is_block(name);
}

/*
** Close the innermost open element: drop its text when it is
** furniture, or pass its link counts on to its parent. A page header
** keeps its first <h1>, moved to where the header began.
*/
static void close_top(furniture *f, pbuf *out, int *brk, int *space) {
  openel *x = &f->el[--f->n];
  size_t i;
  size_t len = out->n - x->start;
  openel *up = f->n > 0 ? &f->el[f->n - 1] : NULL;
  int drop = x->kind == EL_DROP || x->kind == EL_HEADER ||
             (x->kind == EL_DENSE && x->links > 0 &&
              (double)x->linkbytes > LINK_SHARE * (double)len && len <= LINK_BYTES * x->links) ||
             (x->kind == EL_DENSE && x->lost && len <= x->headbytes + 4);
  if (x->kind == EL_ARTICLE) f->inart--;
  if (!drop) {
    if (up != NULL) {
      int head = x->name[0] == 'h' && x->name[1] >= '2' && x->name[1] <= '6' && !x->name[2];
      up->linkbytes += x->linkbytes;
      up->links += x->links;
      up->headbytes += head ? len : x->headbytes;
    }
    return;
  }
  if (up != NULL) up->lost = 1;
  for (i = 0; i < f->n; i++) {  /* a header's <h1> taken back with this text */
    openel *hd = &f->el[i];
    if (hd->h1b > x->start) {
      if (hd->h1a >= x->start) hd->h1a = hd->h1b = 0;
      else hd->h1b = x->start;
    }
  }
  out->n = x->start;
  if (x->kind == EL_HEADER && x->h1b > x->h1a) {
    size_t a = x->h1a, b = x->h1b, at = x->start;
    while (a < b && (out->p[a] == '\n' || out->p[a] == ' ')) a++;
    if (a - at < 2) at = a;  /* what precedes it stays: no room for a break */
    else if (at > 0) {       /* a paragraph break before it */
      memcpy(out->p + at, "\n\n", 2);
      at += 2;
    }
    memmove(out->p + at, out->p + a, b - a);
    out->n = at + (b - a);
  }
  if (out->p) out->p[out->n] = '\0';
  if (is_block(x->name) || x->kind != EL_TEXT) *brk = 2;
  else *space = 1;
}

/* An element opens (after its parent's implied end, for a <p> still open) */
static void open_el(furniture *f, pbuf *out, const char *name, int kind, int *brk,
                    int *space) {
  openel *x;
  if (is_block(name) && f->n > 0 && strcmp(f->el[f->n - 1].name, "p") == 0)
    close_top(f, out, brk, space);  /* a block ends the paragraph open */
  if (f->n == MAXOPEN) { f->deeper++; return; }
  x = &f->el[f->n++];
  memset(x, 0, sizeof *x);
  snprintf(x->name, sizeof x->name, "%s", name);
  x->start = out->n;
  x->kind = kind;
  if (kind == EL_ARTICLE) f->inart++;
}

/* An element closes: the innermost open one of its name, and those inside it */
static void close_el(furniture *f, pbuf *out, const char *name, int *brk, int *space) {
  size_t k;
  if (f->deeper > 0) { f->deeper--; return; }
  for (k = f->n; k > 0 && strcmp(f->el[k - 1].name, name) != 0; k--) {}
  if (k == 0) return;  /* a stray end tag */
  if (strcmp(name, "h1") == 0) {  /* the first <h1> of the innermost page header */
    size_t i;
    for (i = k - 1; i > 0; i--) {
      openel *hd = &f->el[i - 1];
      if (hd->kind != EL_HEADER) continue;
      if (hd->h1b == 0) { hd->h1a = f->el[k - 1].start; hd->h1b = out->n; }
      break;
    }
  }
  while (f->n >= k) close_top(f, out, brk, space);
}

/* }------------------------------------------------------------------ */

/* Write the pending break or space before more text */
static int flush_pending(pbuf *out, int *brk, int *space) {
  int ok = 1;
  if (out->n > 0 && *brk) ok = pbuf_add(out, *brk == 2 ? "\n\n" : "\n", (size_t)*brk);
  else if (out->n > 0 && *space) ok = pbuf_addc(out, ' ');
  *brk = *space = 0;
  return ok;
}

/*
** Block elements and <br> set a pending break that is written only
** before the next text, so empty elements leave no blank runs behind.
** Page furniture is left out (above).
** 'meta' receives NUL-separated key, value pairs from the head; the
** <title> comes as "html_title", since "og:title" (as "title") usually
** lacks the site's name and should win; the 'datetime' of the first
** <time> element comes as "time_datetime" (a date when the head has none).
*/
int html_to_text(pbuf *out, const char *s, size_t n, pbuf *meta) {
  const char *e = s + n;
  int brk = 0;      /* pending break: 0 none, 1 line, 2 paragraph */
  int space = 0;    /* pending space */
  int title = 0;    /* a <title> was seen */
  int timed = 0;    /* a <time datetime="..."> was seen */
  size_t before;    /* out->n before the text being written */
  furniture *f = (furniture *)calloc(1, sizeof *f);
  pbuf_reset(out);
  pbuf_reset(meta);
  if (f == NULL || !pbuf_reserve(out, n)) goto fail;
  while (s < e) {
    if (*s == '<') {
      const char *p = s + 1;
      char name[16];
      size_t k = 0;
      int closing = 0, selfclose;
      tagattrs a;
      if (e - s >= 4 && memcmp(s, "<!--", 4) == 0) {  /* comment */
        const char *end = s + 4;
        while (end + 3 <= e && memcmp(end, "-->", 3) != 0) end++;
        s = end + 3 <= e ? end + 3 : e;
        continue;
      }
      if (p < e && (*p == '!' || *p == '?')) {  /* doctype, processing */
        const char *gt = (const char *)memchr(p, '>', (size_t)(e - p));
        s = gt ? gt + 1 : e;
        continue;
      }
      if (p < e && *p == '/') { closing = 1; p++; }
      if (p >= e || !isalpha((unsigned char)*p)) {  /* "<5 degrees", "a < b" */
        if (!flush_pending(out, &brk, &space) || !pbuf_addc(out, '<')) goto fail;
        s++;
        continue;
      }
      while (p < e && (isalnum((unsigned char)*p) || *p == '-' || *p == ':')) {
        if (k < sizeof name - 1) name[k++] = (char)tolower((unsigned char)*p);
        p++;  /* a longer name is still a tag, known by its start */
      }
      name[k] = '\0';
      s = parse_attrs(p, e, &a, &selfclose);
      if (closing) {
        if (is_block(name)) brk = 2;
        else if (strcmp(name, "br") == 0 && brk < 1) brk = 1;  /* </br> */
        if (strcmp(name, "a") == 0 && f->links > 0) f->links--;
        close_el(f, out, name, &brk, &space);
        continue;
      }
      if (is_rawskip(name) && !selfclose) {
        const char *c = find_close(s, e, name);
        const char *gt = c ? (const char *)memchr(c, '>', (size_t)(e - c)) : NULL;
        s = gt ? gt + 1 : e;
        continue;
      }
      if (strcmp(name, "title") == 0 && !selfclose) {
        const char *c = find_close(s, e, "title");
        const char *end = c ? c : e;
        if (!title) {
          pbuf v = {NULL, 0, 0};
          int ok = add_text(&v, s, end) && meta_add(meta, "html_title", v.p ? v.p : "", v.n);
          pbuf_free(&v);
          if (!ok) goto fail;
          title = 1;
        }
        s = end;
        continue;
      }
      if (strcmp(name, "time") == 0 && a.datetime && !timed) {  /* the first only */
        pbuf v = {NULL, 0, 0};
        int ok = add_text(&v, a.datetime, a.datetime + a.ndatetime) &&
                 meta_add(meta, "time_datetime", v.p ? v.p : "", v.n);
        pbuf_free(&v);
        if (!ok) return 0;
        timed = 1;
        continue;
      }
      if (strcmp(name, "meta") == 0 || strcmp(name, "link") == 0) {
        if (!head_field(meta, name, &a)) goto fail;
        continue;
      }
      if (strcmp(name, "br") == 0) { if (brk < 1) brk = 1; }
      else if (is_block(name)) brk = 2;
      if (strcmp(name, "a") == 0 && !selfclose) {
        f->links++;
        if (f->n > 0) f->el[f->n - 1].links++;
      }
      else if (!selfclose) {
        int kind = element_kind(name, &a, f->inart);
        if (followed(name, kind)) open_el(f, out, name, kind, &brk, &space);
      }
      continue;
    }
    if (isspace((unsigned char)*s)) { space = 1; s++; continue; }
    before = out->n;
    if (!flush_pending(out, &brk, &space)) goto fail;
    if (*s == '&') {
      uint32_t cp;
      size_t k = entity(s, e, &cp);
      if (k > 0) {
        if (!pbuf_addcp(out, cp)) goto fail;
        s += k;
        if (f->links > 0 && f->n > 0) f->el[f->n - 1].linkbytes += out->n - before;
        continue;
      }
    }
    if (!pbuf_addc(out, *s++)) goto fail;
    if (f->links > 0 && f->n > 0) f->el[f->n - 1].linkbytes += out->n - before;
  }
  free(f);
  return 1;
fail:
  free(f);
  return 0;
}

/*
** Does a text field (of a JSONL record) hold HTML? Asked of text that
** may be plain prose with a literal '<' ("a < b", "<5%", "<Company>"),
** so only what prose never holds counts: a doctype or comment at its
** start, a closing tag "</name>", or the opening tag of a paragraph
** level element or <br> ("<p>", "<div class=...>", "<br/>").
*/
int looks_like_html(const char *s, size_t n) {
  static const char *const opening[] = {
    "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "table", "tr", "td", "section", "article", "figure", "img",
    "html", "body", "hr", NULL
  };
  const char *e = s + n, *p = s;
  while (p < e && isspace((unsigned char)*p)) p++;
  if (e - p >= 2 && p[0] == '<' && p[1] == '!') return 1;  /* <!DOCTYPE, <!-- */
  for (; (p = (const char *)memchr(p, '<', (size_t)(e - p))) != NULL; p++) {
    const char *q = p + 1, *name;
    int i;
    if (q < e && *q == '/') {  /* a closing tag: letters, then '>' */
      for (name = ++q; q < e && isalnum((unsigned char)*q); q++) {}
      if (q > name && q < e && *q == '>' && isalpha((unsigned char)*name)) return 1;
      continue;
    }
    for (name = q; q < e && isalnum((unsigned char)*q); q++) {}
    if (q == name || q >= e || !(*q == '>' || *q == '/' || isspace((unsigned char)*q)))
      continue;
    for (i = 0; opening[i]; i++)
      if (strlen(opening[i]) == (size_t)(q - name) &&
          strncasecmp(opening[i], name, (size_t)(q - name)) == 0)
        return 1;
  }
  return 0;
}

/* }================================================================== */


/*
** {==================================================================
** JSON
** ===================================================================
*/

typedef struct jparser {
  const char *s, *p, *e;
  char *err;
  size_t errlen;
} jparser;

static int jfail(jparser *j, const char *what) {
  if (j->p >= j->e)
    snprintf(j->err, j->errlen, "%s at the end of the line", what);
  else
    snprintf(j->err, j->errlen, "%s at column %zu", what,
             (size_t)(j->p - j->s) + 1);
  return 0;
}

static void jspace(jparser *j) {
  while (j->p < j->e && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' ||
                         *j->p == '\n'))
    j->p++;
}

static int hex4(const char *p, const char *e, uint32_t *v) {
  int i;
  *v = 0;
  if (e - p < 4) return 0;
  for (i = 0; i < 4; i++) {
    int c = (unsigned char)p[i];
    if (!isxdigit(c)) return 0;
    *v = *v * 16 + (uint32_t)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
  }
  return 1;
}

/* Parse a string at j->p (a '"'); append it to 'out' when not NULL */
static int jstring(jparser *j, pbuf *out) {
  j->p++;
  while (j->p < j->e) {
    unsigned char c = (unsigned char)*j->p;
    if (c == '"') { j->p++; return out == NULL || pbuf_addc(out, '\0'); }
    if (c < 0x20) return jfail(j, "control character in a string");
    if (c == '\\') {
      uint32_t cp, lo;
      if (j->p + 1 >= j->e) break;
      switch (j->p[1]) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
          if (!hex4(j->p + 2, j->e, &cp)) return jfail(j, "bad \\u escape");
          j->p += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && j->e - j->p >= 8 &&
              j->p[2] == '\\' && j->p[3] == 'u' && hex4(j->p + 4, j->e, &lo) &&
              lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            j->p += 6;
          }
          if (cp == 0) cp = 0xFFFD;  /* keep strings NUL-free */
          break;
        default: return jfail(j, "bad escape in a string");
      }
      if (out && !pbuf_addcp(out, cp)) return jfail(j, "not enough memory");
      j->p += 2;
      continue;
    }
    {
      const char *start = j->p;
      while (j->p < j->e && *j->p != '"' && *j->p != '\\' &&
             (unsigned char)*j->p >= 0x20)
        j->p++;
      if (out && !pbuf_add(out, start, (size_t)(j->p - start)))
        return jfail(j, "not enough memory");
    }
  }
  return jfail(j, "unterminated string");
}

static int jvalue(jparser *j, int depth);

static int jnumber(jparser *j) {
  const char *start = j->p;
  if (j->p < j->e && *j->p == '-') j->p++;
  if (j->p < j->e && *j->p == '0') j->p++;
  else if (j->p < j->e && isdigit((unsigned char)*j->p))
    while (j->p < j->e && isdigit((unsigned char)*j->p)) j->p++;
  else {
    char what[40];
    j->p = start;
    if (isprint((unsigned char)*j->p))
      snprintf(what, sizeof what, "unexpected '%c'", *j->p);
    else
      snprintf(what, sizeof what, "unexpected byte 0x%02X", (unsigned char)*j->p);
    return jfail(j, what);
  }
  if (j->p < j->e && *j->p == '.') {
    j->p++;
    if (j->p >= j->e || !isdigit((unsigned char)*j->p)) return jfail(j, "bad number");
    while (j->p < j->e && isdigit((unsigned char)*j->p)) j->p++;
  }
  if (j->p < j->e && (*j->p == 'e' || *j->p == 'E')) {
    j->p++;
    if (j->p < j->e && (*j->p == '+' || *j->p == '-')) j->p++;
    if (j->p >= j->e || !isdigit((unsigned char)*j->p)) return jfail(j, "bad number");
    while (j->p < j->e && isdigit((unsigned char)*j->p)) j->p++;
  }
  return 1;
}

/* Arrays and objects below the top level are checked and skipped */
static int jcontainer(jparser *j, int depth, char close) {
  if (depth > 64) return jfail(j, "nesting too deep");
  j->p++;
  jspace(j);
  if (j->p < j->e && *j->p == close) { j->p++; return 1; }
  for (;;) {
    jspace(j);
    if (close == '}') {
      if (j->p >= j->e || *j->p != '"') return jfail(j, "expected a field name");
      if (!jstring(j, NULL)) return 0;
      jspace(j);
      if (j->p >= j->e || *j->p != ':') return jfail(j, "expected ':'");
      j->p++;
    }
    if (!jvalue(j, depth + 1)) return 0;
    jspace(j);
    if (j->p < j->e && *j->p == ',') { j->p++; continue; }
    if (j->p < j->e && *j->p == close) { j->p++; return 1; }
    return jfail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int jvalue(jparser *j, int depth) {
  jspace(j);
  if (j->p >= j->e) return jfail(j, "expected a value");
  switch (*j->p) {
    case '"': return jstring(j, NULL);
    case '{': return jcontainer(j, depth, '}');
    case '[': return jcontainer(j, depth, ']');
    case 't': case 'f': case 'n': {
      const char *w = *j->p == 't' ? "true" : *j->p == 'f' ? "false" : "null";
      size_t k = strlen(w);
      if ((size_t)(j->e - j->p) >= k && memcmp(j->p, w, k) == 0) {
        j->p += k;
        return 1;
      }
      return jfail(j, "unexpected word");
    }
    default: return jnumber(j);
  }
}

/*
** Parse one JSON object spanning all of 's' and append its top-level
** string fields to 'fields' as NUL-separated key, value pairs (keys in
** lower case). Other values are validated and left out. On failure
** returns 0 with a message naming the column in 'err'.
*/
int json_object_fields(const char *s, size_t n, pbuf *fields,
                       char *err, size_t errlen) {
  jparser j;
  j.s = j.p = s;
  j.e = s + n;
  j.err = err;
  j.errlen = errlen;
  jspace(&j);
  if (j.p >= j.e || *j.p != '{') return jfail(&j, "expected an object '{'");
  j.p++;
  jspace(&j);
  if (j.p < j.e && *j.p == '}') j.p++;
  else for (;;) {
    size_t keyat = fields->n, i;
    jspace(&j);
    if (j.p >= j.e || *j.p != '"') return jfail(&j, "expected a field name");
    if (!jstring(&j, fields)) return 0;
    for (i = keyat; i < fields->n; i++)
      fields->p[i] = (char)tolower((unsigned char)fields->p[i]);
    jspace(&j);
    if (j.p >= j.e || *j.p != ':') return jfail(&j, "expected ':'");
    j.p++;
    jspace(&j);
    if (j.p < j.e && *j.p == '"') {
      if (!jstring(&j, fields)) return 0;
    }
    else {
      fields->n = keyat;  /* not a string: drop the key */
      if (!jvalue(&j, 1)) return 0;
    }
    jspace(&j);
    if (j.p < j.e && *j.p == ',') { j.p++; continue; }
    if (j.p < j.e && *j.p == '}') { j.p++; break; }
    return jfail(&j, "expected ',' or '}'");
  }
  jspace(&j);
  if (j.p < j.e) return jfail(&j, "unexpected text after the object");
  return 1;
}

/* }================================================================== */
