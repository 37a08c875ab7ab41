"""Word segmentation (jieba) with the project's domain dictionary.

Budget terms are long compounds (一般公共预算财政拨款基本支出); without the
dictionary jieba cuts them into pieces, and a shorter label such as 基本支出
would seem to occur inside the longer one. One tokenizer per process; its
dictionary cache lives under data/cache.
"""
from __future__ import annotations

import logging
import warnings
from functools import cache, lru_cache

with warnings.catch_warnings():  # jieba imports pkg_resources, which warns on import
    warnings.simplefilter("ignore")
    import jieba

from pipeline.config import PROJECT_ROOT, Settings

USER_DICTIONARY = PROJECT_ROOT / "data" / "dicts" / "budget_terms.txt"


@cache
def tokenizer() -> jieba.Tokenizer:
    """The process's tokenizer, loaded once with the domain dictionary."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    cache_dir = Settings.from_env().cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    tok.tmp_dir = str(cache_dir)
    tok.cache_file = "jieba.cache"
    tok.load_userdict(str(USER_DICTIONARY))
    return tok


@lru_cache(maxsize=1 << 13)  # a few MB per process
def word_boundaries(text: str) -> frozenset[int]:
    """Offsets in ``text`` where one word ends and the next begins (0 and len included).

    Cached: reports repeat the same labels, and segmenting one is the costliest step of reading a number.
    """
    bounds = {0}
    for _word, _start, end in tokenizer().tokenize(text):
        bounds.add(end)
    return frozenset(bounds)
