/*
** fuzz_text.c
** libFuzzer target for the engines that parse untrusted bytes: HTML to
** text, JSON fields, dates, the decoders, word and sentence boundaries,
** paragraphs, tokens (the word tokens alone the same as the word and
** number tokens of all), folding, normalisation and the amount hint. Build with
** cmake -DPAA_FUZZ=ON -DCMAKE_C_COMPILER=clang, then run
** build/tests/fuzz/fuzz-text -max_total_time=60 -max_len=4096
*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "paa.h"
#include "engine.h"
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  pbuf out = {0}, meta = {0}, f = {0};
  char err[128], iso[11], *z;
  html_to_text(&out, (const char *)d, n, &meta);
  json_object_fields((const char *)d, n, &f, err, sizeof err);
  z = malloc(n + 1); memcpy(z, d, n); z[n] = 0;
  paa_date_iso(z, iso);
  paa_count_tokens(z, n);
  if (paa_amount_hint((const char *)d, n) > n) abort();   /* on the raw bytes */
  {  /* every segmenter and the tokenizer walk the whole input */
    size_t pos = 0, a, b;
    paa_tokenizer t;
    paa_token tok;
    char *folded = malloc(2 * n + 4), *norm;
    while (pos < n) pos = paa_word_break(z, n, pos);
    for (pos = 0; pos < n; ) pos = paa_sentence_break(z, n, pos, 0);
    for (pos = 0; pos < n; ) pos = paa_sentence_break(z, n, pos, 1);
    pos = 0;
    while (paa_paragraph_next(z, n, &pos, &a, &b)) {}
    paa_tokenizer_init(&t, z, n);
    while (paa_token_next(&t, &tok)) paa_fold(z + tok.start, tok.stop - tok.start, folded);
    {  /* the word tokens alone are the word and number tokens of all */
      paa_tokenizer w;
      paa_token wt;
      paa_tokenizer_init(&t, z, n);
      paa_tokenizer_init(&w, z, n);
      while (paa_token_next(&t, &tok)) {
        if (tok.kind != PAA_TOK_WORD && tok.kind != PAA_TOK_NUMBER) continue;
        if (!paa_word_next(&w, &wt) || wt.start != tok.start || wt.stop != tok.stop || wt.kind != tok.kind)
          abort();
      }
      if (paa_word_next(&w, &wt)) abort();
    }
    free(folded);
    if ((norm = paa_normalize(z, n, 1, &a)) != NULL) free(norm);
  }
  paa_utf8_check(z, n);
  pbuf_reset(&out); cp1252_to_utf8(&out, z, n); utf16_to_utf8(&out, z, n, 1);
  newlines_to_lf(z, n);
  free(z); pbuf_free(&out); pbuf_free(&meta); pbuf_free(&f);
  return 0;
}
