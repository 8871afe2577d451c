from meetings.collation import collation_key


def ordered(names, lang):
    return sorted(names, key=lambda name: collation_key(name, lang))


def test_russian_order_treats_yo_as_ye():
    names = ["Яковлев", "Жуков", "Ёлкин", "Елисеев", "Абрамов", "Верёвкин", "Веряев"]
    # Python's own order would put "Ёлкин" first and "Верёвкин" after "Веряев".
    assert ordered(names, "ru") == ["Абрамов", "Верёвкин", "Веряев", "Елисеев", "Ёлкин", "Жуков", "Яковлев"]


def test_ye_comes_before_yo_when_the_words_are_otherwise_equal():
    assert ordered(["ёж", "еж", "Еж"], "ru") == ["Еж", "еж", "ёж"]


def test_short_i_is_a_letter_of_its_own():
    assert ordered(["Йемен", "Иран", "Индия", "Казахстан"], "ru") == ["Индия", "Иран", "Йемен", "Казахстан"]


def test_the_document_script_comes_first():
    names = ["Smith", "Абрамов", "Zhang", "Жуков"]
    assert ordered(names, "ru") == ["Абрамов", "Жуков", "Smith", "Zhang"]
    assert ordered(names, "en") == ["Smith", "Zhang", "Абрамов", "Жуков"]


def test_english_order_ignores_accents_and_case():
    names = ["Turkmenistan", "Türkiye", "thailand", "Tajikistan", "Viet Nam", "Uzbekistan"]
    assert ordered(names, "en") == ["Tajikistan", "thailand", "Türkiye", "Turkmenistan", "Uzbekistan", "Viet Nam"]


def test_spaces_and_hyphens_come_before_letters():
    assert ordered(["Al-Thani", "Al Said", "Alba"], "en") == ["Al Said", "Al-Thani", "Alba"]


def test_empty_and_none_do_not_fail():
    assert ordered(["b", "", "a"], "en") == ["", "a", "b"]
    assert collation_key(None, "ru") == ((), (), None)
