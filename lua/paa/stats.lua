--- paa.stats: the statistics of word counts, in Lua.
-- Keyness of a target against a reference (chi-square and the
-- log-likelihood G², signed, with quanteda's conditional Yates
-- correction; the log ratio as effect size), the association of the
-- two words of a bigram (pointwise mutual information and
-- log-likelihood, as AntConc and Evert define them), tf-idf (quanteda's
-- `dfm_tfidf` defaults), and the incomplete gamma function behind
-- p-values and Poisson intervals. Formulas and sources: docs/api.md,
-- "paa.stats". Every function takes plain numbers.
-- @module paa.stats

local log, abs = math.log, math.abs

local stats = {}

-- log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: 15 digits)
local LANCZOS = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7 }
local function log_gamma(x)
  if x < 0.5 then return math.log(math.pi / math.abs(math.sin(math.pi * x))) - log_gamma(1 - x) end
  x = x - 1
  local sum, t = LANCZOS[1], x + 7.5
  for i = 2, 9 do sum = sum + LANCZOS[i] / (x + i - 1) end
  return 0.5 * math.log(2 * math.pi) + (x + 0.5) * math.log(t) - t + math.log(sum)
end

-- the regularized lower incomplete gamma function P(a, x), a > 0: a
-- series below x = a + 1, a continued fraction (Lentz) above
local LOG_GAMMA_HALF = log_gamma(0.5)  -- (the p-value of every chi-square of one degree of freedom asks it)
local function gamma_p(a, x)
  if x <= 0 then return 0 end
  local front = math.exp(a * math.log(x) - x - (a == 0.5 and LOG_GAMMA_HALF or log_gamma(a)))
  if x < a + 1 then
    local term, sum, n = 1 / a, 1 / a, a
    repeat
      n = n + 1
      term = term * x / n
      sum = sum + term
    until math.abs(term) < math.abs(sum) * 1e-15
    return sum * front
  end
  local tiny = 1e-300
  local b, c = x + 1 - a, 1 / tiny
  local d = 1 / b
  local f = d
  for i = 1, 1000 do
    local an = -i * (i - a)
    b = b + 2
    d = an * d + b; if math.abs(d) < tiny then d = tiny end
    c = b + an / c; if math.abs(c) < tiny then c = tiny end
    d = 1 / d
    local delta = d * c
    f = f * delta
    if math.abs(delta - 1) < 1e-15 then break end
  end
  return 1 - front * f
end

-- the x with P(a, x) = p, by bisection (P rises with x)
local function gamma_quantile(a, p)
  local lo, hi = 0, a + 10 * math.sqrt(a) + 10
  while gamma_p(a, hi) < p do lo, hi = hi, hi * 2 end
  for _ = 1, 200 do
    local mid = (lo + hi) / 2
    if gamma_p(a, mid) < p then lo = mid else hi = mid end
    if hi - lo <= 1e-12 * hi then break end
  end
  return (lo + hi) / 2
end


stats.log_gamma, stats.gamma_p, stats.gamma_quantile = log_gamma, gamma_p, gamma_quantile

--- The p-value of a chi-square statistic with one degree of freedom:
-- P(X >= |x|) = Q(1/2, |x|/2).
-- @tparam number x
-- @treturn number
function stats.p_chi2(x)
  return 1 - gamma_p(0.5, abs(x) / 2)
end

local EPSILON = 1e-9  -- quanteda's offset of zero cells inside the logarithms of G²

-- the expected frequencies of a 2x2 table
local function expected(a, b, c, d)
  local n = a + b + c + d
  return (a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (c + d) * (b + d) / n, n
end

--- Keyness of one term: its frequency `a` in a target of `ta` counted
-- terms, against `b` in a reference of `tb`. The table is a, b, c = ta -
-- a, d = tb - b, N = ta + tb; E11 = (a + b)(a + c) / N. As quanteda's
-- `textstat_keyness` (measure "chi2" and "lr", correction "default"):
-- Yates's correction applies when an expected frequency is below 5 and
-- |ad - bc| is at least N/2 (chi2) or above N/2 (G²); each statistic is
-- positive when a > E11, negative otherwise.
-- @tparam number a
-- @tparam number b
-- @tparam number ta
-- @tparam number tb
-- @tparam[opt] table into the table to set the fields in (a row of a
--   report: no table made for each term); default a new one
-- @treturn table `{ chi2, g2, p (of g2), log_ratio }`: `log_ratio` is
--   Hardie's effect size, log2 of the ratio of relative frequencies, a
--   zero frequency taken as 0.5
function stats.keyness(a, b, ta, tb, into)
  a, b, ta, tb = a + 0.0, b + 0.0, ta + 0.0, tb + 0.0  -- (products of counts overflow integers)
  local c, d = ta - a, tb - b
  local e11, e12, e21, e22, n = expected(a, b, c, d)
  local sign = a > e11 and 1 or -1
  local small = e11 < 5 or e12 < 5 or e21 < 5 or e22 < 5
  local cross = a * d - b * c
  local denom = (a + b) * (c + d) * (a + c) * (b + d)
  local chi2
  if small and abs(cross) >= n / 2 then
    chi2 = n * (abs(cross) - n * 0.5) ^ 2 / denom * sign
  else
    chi2 = n * abs(cross) ^ 2 / denom * sign
  end
  local ya, yb, yc, yd = a, b, c, d
  if small and abs(cross) > n / 2 then
    local k = cross > 0 and 0.5 or -0.5
    ya, yd, yb, yc = a - k, d - k, b + k, c + k
  end
  local g2 = 2 * (ya * log(ya / e11 + EPSILON) + yb * log(yb / e12 + EPSILON)
    + yc * log(yc / e21 + EPSILON) + yd * log(yd / e22 + EPSILON)) * sign
  local ra, rb = (a > 0 and a or 0.5) / ta, (b > 0 and b or 0.5) / tb
  into = into or {}
  into.chi2, into.g2, into.p, into.log_ratio = chi2, g2, stats.p_chi2(g2), log(ra / rb) / log(2)
  return into
end

-- O ln(O/E), 0 when O is 0
local function oln(o, e) return o > 0 and o * log(o / e) or 0 end

--- Association of the two words of a bigram seen `o11` times, when `r1`
-- bigrams start with its first word, `c1` end with its second, out of
-- `n` bigrams: E11 = r1 c1 / n; PMI = log2(o11 / E11) (Church and Hanks
-- 1990, AntConc's "MI"); log-likelihood = 2 Σ O ln(O/E) over the four
-- cells of the 2x2 table (Dunning 1993; Evert 2005), signed negative
-- when o11 < E11.
-- @treturn number pmi
-- @treturn number ll
function stats.association(o11, r1, c1, n)
  o11, r1, c1, n = o11 + 0.0, r1 + 0.0, c1 + 0.0, n + 0.0
  local o12, o21 = r1 - o11, c1 - o11
  local o22 = n - r1 - c1 + o11
  local e11, e12, e21, e22 = r1 * c1 / n, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n
  local ll = 2 * (oln(o11, e11) + oln(o12, e12) + oln(o21, e21) + oln(o22, e22))
  if o11 < e11 then ll = -ll end
  return log(o11 / e11) / log(2), ll
end

--- tf-idf as quanteda's `dfm_tfidf` computes it by default: the count
-- times log10(N / df), N documents of which df hold the term.
-- @treturn number
function stats.tfidf(tf, df, n)
  return tf * log(n / df, 10)
end

return stats
