"""Tokens and query parsing: pure functions, no database."""

from __future__ import annotations

from broadsheet.search.query import MAX_QUERY_CHARS, parse_query
from broadsheet.search.text import index_tokens, stem


def test_cjk_runs_become_pairs_and_last_character() -> None:
    assert index_tokens("中华人民") == ["中华", "华人", "人民", "民"]
    assert index_tokens("党") == ["党"]


def test_mixed_script_and_full_width() -> None:
    assert index_tokens("ＧＤＰ增长5%，5G 基站") == ["gdp", "增长", "长", "5", "5g", "基站", "站"]


def test_spaces_inside_chinese_do_not_split() -> None:
    assert index_tokens("人 民") == ["人民", "民"]


def test_plural_stemmer() -> None:
    assert stem("economies") == "economy"
    assert stem("markets") == "market"
    assert stem("bus") == "bus"
    assert stem("glass") == "glass"


def test_quoted_phrase_and_words() -> None:
    q = parse_query('"人民 群众" 5G')
    assert [[t.text for t in p.terms] for p in q.phrases] == [["人民", "民群", "群众"], ["5g"]]


def test_single_character_is_a_prefix() -> None:
    (phrase,) = parse_query("党").phrases
    (term,) = phrase.terms
    assert term.prefix and term.prefix_max == 2


def test_prefix_star() -> None:
    (phrase,) = parse_query("econ*").phrases
    assert phrase.terms[0].prefix and phrase.terms[0].text == "econ"


def test_unbalanced_quote_runs_to_the_end() -> None:
    q = parse_query('"人民 群众')
    assert len(q.phrases) == 1 and q.error is None


def test_bad_queries_give_messages_not_exceptions() -> None:
    assert parse_query("").is_empty and parse_query("").error is None
    assert parse_query("x" * (MAX_QUERY_CHARS + 1)).error
    assert parse_query("！？。，…").error
    assert parse_query("😀🎉").error
    assert not parse_query('AND OR NOT * ^ : ( ) "').error


def test_fast_token_text_matches_the_reference() -> None:
    """token_text (numpy, used for indexing) gives exactly the reference tokens."""
    import random

    from broadsheet.search.text import (
        field_grams,
        field_text,
        field_texts,
        field_tokens,
        gram_tokens,
        token_text,
    )

    samples = [
        "",
        "中华人民",
        "ＧＤＰ增长5%，5G 基站",
        "人 民\u3000群  众",
        "Economies of Asia: markets, buses and glasses; the iPhone's 5G",
        "İstanbul ΣΑΣ straße",
        "a" * 45 + " 中",
        "𠀀𪚥 中华",
        "日本語のカタカナ 한국어",
    ]
    alphabet = [
        *"中华人民共和国 \t\u3000，。、abcXYZs_-|İéÉ5９ＧＤＰｓ\n'ΣΑ日本カ한𠀀.",
        "ies",
        "es",
    ]
    rng = random.Random(1)
    for _ in range(3000):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
    for s in samples:
        assert token_text(s).split() == index_tokens(s), s
        assert field_grams([s]).split() == gram_tokens(s), s
    assert field_text(samples[:5]).split() == field_tokens(samples[:5])
    grams = [g for s in samples[:5] for g in gram_tokens(s)]
    assert field_texts(samples[:5]) == (field_text(samples[:5]), field_grams(samples[:5]))
    assert field_grams(samples[:5]).split() == grams


def test_grams_are_characters_and_their_trigrams() -> None:
    from broadsheet.search.text import gram_tokens

    assert gram_tokens("人民 群众, GDP增长") == [
        *("人", "人民群", "民", "民群众", "群", "众"),
        *("增", "长"),
    ]
