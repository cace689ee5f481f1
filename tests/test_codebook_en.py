"""The default English lexicon counts what the English codebook says, rule by rule.

docs/codebook_en.md states the rules; each rule, each "counts" entry and each
"does not count" entry is a case here: a sentence and the spans a coder
following the codebook records in it, in text order, as (text of the span,
category). A span's text is written as in the sentence, without a leading
"the" and with a possessive ending as written; hyphenated compounds give the
family word alone (rebel-held: "rebel").

The sentences are the codebook's own examples and phrases typed for the case
(ALL_CASES, COUNTING_RULES), then sentences, edge phrases and paragraphs
written for these tests in the manner of wire agencies, Western papers,
Russian, Iranian and Syrian state media, Gulf and Turkish media and
opposition monitors, headlines in Title Case and capitals included
(OUTLET_STYLE, OUTLET_SENTENCES, EDGE_PHRASES, PARAGRAPHS); each was coded by
the codebook before the lexicon was run on it. None is quoted from an
article, and none from the development set. The last part checks the five
hand-coded English articles of the development set exactly, read from the
shared folder beside the repository.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing import Matcher, load_lexicon, score
from framing.evaluation import compare_counts


@pytest.fixture(scope="module")
def en_matcher() -> Matcher:
    return Matcher("default_en")


def _spans(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(h.surface, h.category) for h in matcher.find(text)]


def _case(text: str, expected: list[tuple[str, str]], *, id: str, marks=()):
    return pytest.param(text, expected, marks=marks, id=id)


def _none(text: str, *, id: str):
    """A case where nothing counts."""
    return pytest.param(text, [], id=id)


# -- armed_group_label ----------------------------------------------------------

TERRORIST = [
    _case("the terrorists fled", [("terrorists", "terrorist")], id="noun-plural"),
    _case("a terrorist was arrested", [("terrorist", "terrorist")], id="noun"),
    _case("terrorist groups shelled the city", [("terrorist", "terrorist")],
          id="adjective-terrorist-groups-one"),
    _case("a terrorist attack", [("terrorist", "terrorist")], id="adjective-attack"),
    _case("a terror group", [("terror group", "terrorist")], id="terror-group-one-span"),
    *(_case(f"the terror {head} was named", [(f"terror {head}", "terrorist")], id=f"terror-{head}")
      for head in ["groups", "organisation", "organisations", "organization", "organizations",
                   "cell", "cells", "outfit", "outfits"]),
    _case("the terrorists’ positions", [("terrorists’", "terrorist")],
          id="possessive-curly"),
    _case("a terrorist's belt", [("terrorist's", "terrorist")], id="possessive-straight"),
    _none("a reign of terror", id="not-terror-alone"),
    _none("terror spread in the streets", id="not-terror-subject"),
    _none("an anti-terror operation", id="not-anti-terror"),
    _none("the war on terrorism", id="not-terrorism"),
    _none("counter-terrorism officials", id="not-counter-terrorism"),
    _none("counterterrorism", id="not-counterterrorism"),
    # a hyphenated compound counts its family word (codebook: hyphens)
    _case("an anti-terrorist operation", [("terrorist", "terrorist")],
          id="anti-terrorist-compound"),
]

MILITANT = [
    _case("militants shelled the town", [("militants", "militant")], id="noun-plural"),
    _case("a militant was killed", [("militant", "militant"), ("killed", "killing")],
          id="noun"),
    _case("militant groups in the north", [("militant", "militant")],
          id="adjective-militant-groups-one"),
    _case("two gunmen opened fire", [("gunmen", "militant")], id="gunmen"),
    _case("a gunman", [("gunman", "militant")], id="gunman"),
    *(_case(f"the armed {w} withdrew", [(f"armed {w}", "militant")], id=f"armed-{w}")
      for w in ["group", "groups", "men", "factions", "gangs", "elements", "cells"]),
    _case("armed forces", [("armed forces", "army")], id="not-armed-forces-army"),
    _case("the armed opposition", [("armed opposition", "opposition")],
          id="not-armed-opposition"),
    *(_none(f"an armed {w}", id=f"not-armed-{w}")
      for w in ["conflict", "struggle", "resistance", "attack"]),
    _none("a rise in militancy", id="not-militancy"),
    _case("armed terrorist groups", [("terrorist", "terrorist")],
          id="armed-terrorist-groups-terrorist-only"),
]

MILITIA = [
    *(_case(f"the {w} advanced", [(w, "militia")], id=w)
      for w in ["militia", "militias", "militiaman", "militiamen"]),
    _case("a militia's commander", [("militia's", "militia")], id="possessive"),
]

OPPOSITION = [
    _case("the opposition rejected the plan", [("opposition", "opposition")],
          id="the-opposition"),
    *(_case(f"opposition {w}", [("opposition", "opposition")], id=f"opposition-{w}")
      for w in ["fighters", "forces", "groups", "areas", "activists"]),
    _case("in opposition-held towns", [("opposition", "opposition")],
          id="opposition-held"),
    _case("the armed opposition", [("armed opposition", "opposition")], id="armed"),
    _case("the moderate opposition", [("moderate opposition", "opposition")],
          id="moderate"),
    _case("the Syrian opposition", [("Syrian opposition", "opposition")], id="syrian"),
    _case("the opposition Syrian Observatory for Human Rights",
          [("opposition", "opposition")], id="describing-an-outlet"),
    _case("the Free Syrian Army", [("Free Syrian Army", "opposition")], id="fsa"),
    _case("FSA units", [("FSA", "opposition")], id="fsa-initials"),
    _case("the Free Syrian Army (FSA)", [("Free Syrian Army", "opposition"),
                                         ("FSA", "opposition")], id="fsa-and-initials"),
    _none("his opposition to the plan", id="not-opposition-to"),
    pytest.param("the opposition to the plan grew", [], id="not-the-opposition-to-the-plan",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "after 'the', 'opposition to' counts as the side (the opposition to "
                     "attend the talks), as it nearly always is in war reporting; telling "
                     "the objection apart needs a context two words ahead ('to' + a verb), "
                     "which the matcher's context conditions cannot express"))),
    _none("Moscow's opposition to any strike", id="not-opposition-to-possessive"),
    _none("opponents of the decision", id="not-opponents"),
    _none("forces opposing the decision", id="not-opposing"),
    # codebook silent: "opposition to" + a verb is the side asked to act, not an objection
    _case("called on the opposition to attend the talks",
          [("opposition", "opposition")], id="the-opposition-to-attend"),
]

REBEL = [
    *(_case(f"the {w} retreated", [(w, "rebel")], id=w)
      for w in ["rebel", "rebels", "insurgent", "insurgents", "revolutionaries"]),
    _case("the rebel-held south", [("rebel", "rebel")], id="rebel-held"),
    _case("rebel-controlled districts", [("rebel", "rebel"), ("controlled", "control")],
          id="rebel-controlled-two-spans"),
    _case("revolutionary fighters", [("revolutionary", "rebel")],
          id="revolutionary-fighters"),
    _none("revolutionary ideas", id="not-revolutionary-ideas"),
    _none("the rebellion", id="not-rebellion"),
    _none("the insurgency", id="not-insurgency"),
    _none("the Syrian revolution", id="not-revolution"),
    _none("Iran's Revolutionary Guards", id="not-revolutionary-guards"),
]

EXTREMIST = [
    *(_case(f"the {w} withdrew", [(w, "extremist")], id=w)
      for w in ["extremist", "extremists", "jihadist", "jihadists", "jihadi", "jihadis",
                "takfiri", "takfiris", "hardliner", "hardliners"]),
    _case("hardline groups", [("hardline", "extremist")], id="hardline-groups"),
    _case("a hardline Islamist faction", [("hardline", "extremist")],
          id="hardline-islamist-faction"),
    _case("the hard-line rebels", [("hard-line", "extremist"), ("rebels", "rebel")],
          id="hard-line-spelling"),
    _case("the hard-liners", [("hard-liners", "extremist")], id="hard-liners-spelling"),
    _none("took a hardline stance", id="not-hardline-stance"),
    _none("took a hard line on talks", id="not-hard-line"),
    *(_none(w, id=f"not-{w}") for w in ["extremism", "jihad", "radicalism"]),
    _none("Islamist factions", id="not-islamist"),
]

MERCENARY = [
    _case("a mercenary", [("mercenary", "mercenary")], id="mercenary"),
    _case("foreign mercenaries", [("mercenaries", "mercenary")], id="mercenaries"),
]

# -- state_forces_label -------------------------------------------------------

ARMY = [
    _case("the army advanced", [("army", "army")], id="the-army"),
    _case("Army units advanced", [("Army", "army")], id="headline-no-article"),
    _case("Syria army retakes a town", [("Syria army", "army")], id="syria-army"),
    _case("the Syrian army", [("Syrian army", "army")], id="syrian-army"),
    _case("the Syrian Arab Army", [("Syrian Arab Army", "army")], id="saa"),
    _case("the Russian army", [("Russian army", "army")], id="russian-army"),
    _case("the army’s engineers", [("army’s", "army")], id="possessive"),
    _case("the armed forces", [("armed forces", "army")], id="armed-forces"),
    _case("the Syrian Armed Forces", [("Syrian Armed Forces", "army")],
          id="syrian-armed-forces"),
    _case("the Armed Forces of the Russian Federation",
          [("Armed Forces of the Russian Federation", "army")], id="russian-federation"),
    _case("the Free Syrian Army", [("Free Syrian Army", "opposition")], id="not-fsa"),
    _case("Assad's army", [("Assad's army", "regime")], id="not-assads-army"),
    _case("the army of Assad", [("army of Assad", "regime")], id="not-army-of-assad"),
    _case("the army of the regime", [("regime", "regime")], id="not-army-of-the-regime"),
    _case("the regime's army", [("regime's army", "regime")], id="not-regimes-army"),
    _case("the government army", [("government army", "government")],
          id="not-government-army"),
    _none("the Army of Conquest", id="not-army-of-conquest"),
    _none("the Army of Islam", id="not-army-of-islam"),
    _none("Jaish al-Islam", id="not-jaish-al-islam"),
    _none("an army of volunteers", id="not-an-army-of"),
    # other groups' names with "army" (the codebook's Jaish al-... rule)
    *(_none(name, id=f"not-group-name-{k}")
      for k, name in enumerate(["the Syrian National Army", "the New Syrian Army",
                                "the Revolutionary Commando Army", "the Free Idlib Army",
                                "Jaish al-Nasr (Army of Victory)",
                                "the Army of Revolutionaries"])),
    # the People's Liberation Army is China's state army: army, not liberation
    _case("the People's Liberation Army", [("Army", "army")], id="peoples-liberation-army"),
]

REGIME = [
    _case("the regime shelled the town", [("regime", "regime")], id="the-regime"),
    _case("the Assad regime", [("Assad regime", "regime")], id="assad-regime"),
    _case("Assad's regime", [("Assad's regime", "regime")], id="assads-regime"),
    _case("the Syrian regime", [("Syrian regime", "regime")], id="syrian-regime"),
    _case("the Damascus regime", [("Damascus regime", "regime")], id="damascus-regime"),
    _case("The Syrian regime’s envoy", [("Syrian regime’s", "regime")],
          id="phrase-possessive"),
    _case("regime forces", [("regime", "regime")], id="regime-forces"),
    _case("a regime siege", [("regime", "regime")], id="regime-siege"),
    _case("regime-held areas", [("regime", "regime")], id="regime-held"),
    *(_case(f"Assad {w}", [(f"Assad {w}", "regime")], id=f"assad-{w}")
      for w in ["forces"]),
    *(_case(f"Assad's {w}", [(f"Assad's {w}", "regime")], id=f"assads-{w}")
      for w in ["forces", "troops", "army"]),
    _case("Assad loyalists", [("Assad loyalists", "regime")], id="assad-loyalists"),
    _case("Assad’s forces", [("Assad’s forces", "regime")], id="assads-forces-curly"),
    _case("pro-Assad forces", [("Assad forces", "regime")], id="pro-assad-forces"),
    _case("pro-regime militias", [("regime", "regime"), ("militias", "militia")],
          id="pro-regime"),
    _case("Assad's militias", [("militias", "militia")], id="assads-militias-are-militia"),
    _none("calls for regime change", id="not-regime-change"),
    _none("calls for regime-change", id="not-regime-change-hyphen"),
    _none("the ceasefire regime", id="not-ceasefire-regime"),
    _none("the 'regime of silence'", id="not-regime-of-silence"),
    *(_none(f"the {w} regime", id=f"not-{w}-regime")
      for w in ["sanctions", "visa", "tax", "trade", "regulatory", "treatment"]),
    _none("anti-regime protesters", id="not-anti-regime"),
]

GOVERNMENT = [
    *(_case(f"{w} advanced", [(w, "government")], id=w.replace(" ", "-"))
      for w in ["government forces", "government troops", "government army",
                "regular forces", "Syrian government", "Syrian state",
                "Syrian authorities", "Syrian forces", "Syrian troops"]),
    _case("pro-government forces", [("government forces", "government")],
          id="pro-government-forces"),
    *(_none(f"the {w} said", id=f"not-bare-{w}")
      for w in ["government", "authorities", "forces", "troops"]),
    _none("government-held areas", id="not-government-held"),
]

# -- isis_label -----------------------------------------------------------------

DAESH = [
    _case("Daesh fighters", [("Daesh", "daesh")], id="daesh"),
    _case("DAESH", [("DAESH", "daesh")], id="capitals"),
    _case("daesh", [("daesh", "daesh")], id="lower-case"),
]

ISLAMIC_STATE = [
    _case("the Islamic State", [("Islamic State", "islamic_state")], id="islamic-state"),
    _case("the so-called Islamic State", [("Islamic State", "islamic_state")],
          id="so-called"),
    _case("the Islamic State group", [("Islamic State", "islamic_state")],
          id="islamic-state-group"),
    _case("ISIS and ISIL", [("ISIS", "islamic_state"), ("ISIL", "islamic_state")],
          id="isis-isil"),
    _case("IS fighters", [("IS", "islamic_state")], id="is-fighters"),
    _case("the IS-held town", [("IS", "islamic_state")], id="is-held"),
    _case("ISIS’s leader", [("ISIS’s", "islamic_state")], id="isis-possessive"),
    _none("the city is besieged", id="not-is-verb"),
    _none("Is the war over?", id="not-is-question"),
    _none("isis", id="not-isis-lower-case"),
    _none("a call for an Islamic state", id="not-islamic-state-lower-case"),
    _none("an islamic state", id="not-islamic-state-all-lower"),
]

# -- houthi_label -------------------------------------------------------------------

HOUTHI = [
    *(_case(f"the {w} said", [(w, "houthi")], id=w)
      for w in ["Houthi", "Houthis", "Huthi", "Huthis"]),
    _case("Houthi rebels", [("Houthi", "houthi"), ("rebels", "rebel")],
          id="houthi-rebels-two-spans"),
]

ANSAR_ALLAH = [
    *(_case(f"{w} said", [(w, "ansar_allah")], id=w.replace(" ", "-"))
      for w in ["Ansar Allah", "Ansarullah", "Ansar Al-Lah"]),
]

PUTSCHIST = [
    _case("the putschists", [("putschists", "putschist")], id="putschists"),
    _case("a putschist", [("putschist", "putschist")], id="putschist"),
    *(_case(f"the coup {w}", [(f"coup {w}", "putschist")], id=f"coup-{w}")
      for w in ["militia", "militias", "plotters", "forces"]),
    _none("the coup failed", id="not-coup"),
    _none("a coup d'état", id="not-coup-detat"),
]

# -- territory_frame ----------------------------------------------------------------

LIBERATION = [
    *(_case(f"they {w} the town", [(w, "liberation")], id=w)
      for w in ["liberate", "liberates", "liberated", "liberating", "frees", "freed",
                "freeing"]),
    _case("the liberation of Aleppo", [("liberation", "liberation")], id="liberation"),
    _case("the liberators", [("liberators", "liberation")], id="liberators"),
    _case("a liberator", [("liberator", "liberation")], id="liberator"),
    _case("newly-freed areas", [("freed", "liberation")], id="newly-freed"),
    _case("troops freed the district", [("freed", "liberation")], id="freed-the-district"),
    _case("an offensive to free the city", [("free", "liberation")], id="to-free"),
    _none("the Palestine Liberation Organization", id="not-plo"),
    _none("Tahrir Square", id="not-tahrir-square"),
    _none("Liberation Square", id="not-liberation-square"),
    _none("liberal reforms", id="not-liberal"),
    _none("plans to liberalise trade", id="not-liberalise"),
    _none("free elections", id="not-free-elections"),
    _none("a commitment to free elections", id="not-to-free-elections"),
    _none("free and fair elections", id="not-free-and-fair"),
    _none("it freed up funds", id="not-freed-up"),
    # groups' names (codebook rule 6)
    _none("the National Liberation Front", id="not-national-liberation-front"),
    _none("the National Front for Liberation", id="not-front-for-liberation"),
    _none("the Organization for the Liberation of the Levant", id="not-hts-translated"),
]

OCCUPATION = [
    *(_case(f"troops {w} the town", [(w, "occupation")], id=w)
      for w in ["occupy", "occupies", "occupied", "occupying"]),
    _case("the occupation", [("occupation", "occupation")], id="occupation"),
    _case("the occupiers", [("occupiers", "occupation")], id="occupiers"),
    _case("an occupier", [("occupier", "occupation")], id="occupier"),
    _case("the Israeli-occupied Golan", [("occupied", "occupation")], id="israeli-occupied"),
    _none("his occupation was teacher", id="not-a-job"),
    _none("a teacher by occupation", id="not-a-job-by-occupation"),
    _case("killed by occupation forces", [("killed", "killing"), ("occupation", "occupation")],
          id="by-occupation-forces"),
    _none("she was occupied with her work", id="not-occupied-with"),
    _none("occupied by thoughts of home", id="not-occupied-by-thoughts"),
]

CONTROL = [
    *(_case(f"troops {w} the town", [(w, "control")], id=w)
      for w in ["control", "controls", "controlled", "controlling"]),
    _case("they took control of the town", [("control", "control")], id="take-control"),
    _case("under the control of rebels", [("control", "control"), ("rebels", "rebel")],
          id="under-the-control-of"),
    _case("troops now control the hill", [("control", "control")], id="now-control"),
    _case("rebel-controlled areas", [("rebel", "rebel"), ("controlled", "control")],
          id="rebel-controlled"),
    _none("the control of prices", id="not-control-of-prices"),
    _none("price controls", id="not-price-controls"),
    _none("a remote control", id="not-remote-control"),
    _none("the control group", id="not-control-group"),
    _none("arms control talks", id="not-arms-control"),
    _none("self-control", id="not-self-control"),
    _none("they took control of the situation", id="not-control-of-the-situation"),
]

# -- death_frame ---------------------------------------------------------------------

MARTYRDOM = [
    *(_case(f"the {w}", [(w, "martyrdom")], id=w)
      for w in ["martyr", "martyrs", "martyrdom"]),
    _case("he was martyred", [("martyred", "martyrdom")], id="martyred"),
    _none("Martyrs' Square in Beirut", id="not-martyrs-square"),
    _none("the Yarmouk Martyrs Brigade", id="not-martyrs-brigade"),
    _none("witnesses said", id="not-witnesses"),
]

KILLING = [
    *(_case(f"they {w} him", [(w, "killing")], id=w) for w in ["kill", "kills", "killed"]),
    *(_case(f"the {w}", [(w, "killing")], id=w)
      for w in ["killing", "killings", "killer", "killers"]),
    _none("heavy fighting", id="not-fighting"),
    _none("the fighters", id="not-fighters"),
    _none("ten dead", id="not-dead"),
    _none("ten died", id="not-died"),
    _none("the deaths", id="not-deaths"),
    _none("the death toll rose", id="not-death-toll"),
]

ALL_CASES = {
    "terrorist": TERRORIST,
    "militant": MILITANT,
    "militia": MILITIA,
    "opposition": OPPOSITION,
    "rebel": REBEL,
    "extremist": EXTREMIST,
    "mercenary": MERCENARY,
    "army": ARMY,
    "regime": REGIME,
    "government": GOVERNMENT,
    "daesh": DAESH,
    "islamic_state": ISLAMIC_STATE,
    "houthi": HOUTHI,
    "ansar_allah": ANSAR_ALLAH,
    "putschist": PUTSCHIST,
    "liberation": LIBERATION,
    "occupation": OCCUPATION,
    "control": CONTROL,
    "martyrdom": MARTYRDOM,
    "killing": KILLING,
}

# -- rules for every category -----------------------------------------------------

COUNTING_RULES = [
    # case
    _case("REBELS", [("REBELS", "rebel")], id="case-capitals"),
    _case("Rebels", [("Rebels", "rebel")], id="case-title"),
    # plurals and possessives, straight and curly apostrophes
    *(_case(f"the {w} base", [(w, "rebel")], id=f"possessive-{k}")
      for k, w in enumerate(["rebel's", "rebels'", "rebel’s", "rebels’", "rebel\u02bcs"])),
    # hyphenated compounds count their family word
    _case("rebel-held", [("rebel", "rebel")], id="hyphen-rebel-held"),
    _case("rebel\u2010held", [("rebel", "rebel")], id="hyphen-unicode"),
    _case("pro-government forces", [("government forces", "government")],
          id="hyphen-pro-government-forces"),
    _none("anti-regime", id="hyphen-anti-regime"),
    # words of two dimensions: two spans
    _case("Houthi rebels", [("Houthi", "houthi"), ("rebels", "rebel")], id="two-dimensions"),
    # longest, then leftmost; a word is in one span only
    _case("the Free Syrian Army", [("Free Syrian Army", "opposition")], id="longest"),
    # whole words only
    _none("rebellious, terrorism, militancy, killjoy, painkillers", id="whole-words"),
    # quoted labels count, scare quotes too
    _case('the "rebels" fled', [("rebels", "rebel")], id="scare-quotes"),
    _case("the “terrorists” fled", [("terrorists", "terrorist")], id="curly-quotes"),
    # a leading "the" is not part of a span
    _case("The army", [("army", "army")], id="no-leading-the"),
    # everything not listed does not count
    _none("The talks resumed in Geneva on Monday.", id="nothing-listed"),
]

# -- sentences in the manner of the outlets --------------------------------------------

OUTLET_STYLE = [
    # wire copy
    _case("Syrian government forces and their allies pressed an offensive on Sunday",
          [("Syrian government", "government")], id="wire-syrian-government-forces"),
    _case("pro-Assad militias backed by Iran", [("militias", "militia")],
          id="wire-pro-assad-militias"),
    _case("Syrian state media said the army had seized control of the district",
          [("army", "army"), ("control", "control")], id="wire-state-media"),
    _case("Syrian state TV and the state news agency SANA", [], id="wire-state-tv"),
    _case("the Syrian state-run news agency SANA", [], id="wire-state-run"),
    _case("in the regime-held west of the city", [("regime", "regime")],
          id="wire-regime-held"),
    _case("Russian-backed forces and the US-led coalition", [],
          id="wire-russian-backed-us-led"),
    _case("the IS-held town of al-Bab", [("IS", "islamic_state")], id="wire-is-held"),
    _case("Jabhat Fateh al-Sham, formerly known as the Nusra Front", [],
          id="wire-jabhat-fateh-al-sham"),
    _case("Hayat Tahrir al-Sham, an alliance led by the former al Qaeda affiliate", [],
          id="wire-hayat-tahrir-al-sham"),
    _case("the US-backed Syrian Democratic Forces (SDF)", [], id="wire-sdf"),
    _case("the Kurdish YPG militia", [("militia", "militia")], id="wire-ypg-militia"),
    _case("Nour al-Din al-Zenki and Ahrar al-Sham", [], id="wire-zenki-ahrar"),
    _case("the Syrian Observatory for Human Rights, a Britain-based war monitor, said "
          "at least 20 civilians were killed", [("killed", "killing")],
          id="wire-observatory-killed"),
    _case("The death toll rose to 40 as besieged residents fled the fighting", [],
          id="wire-death-toll-besieged"),
    _case("insurgents said they had killed dozens of soldiers",
          [("insurgents", "rebel"), ("killed", "killing")], id="wire-insurgents"),
    _case("Islamic State militants seized control of the town",
          [("Islamic State", "islamic_state"), ("militants", "militant"),
           ("control", "control")], id="wire-is-militants-seized-control"),
    _case("Syrian troops backed by Russian air power",
          [("Syrian troops", "government")], id="wire-syrian-troops"),
    _case("jihadists from the hard-line group", [("jihadists", "extremist"),
                                                 ("hard-line", "extremist")],
          id="wire-jihadists-hard-line"),
    # Western papers
    _case("Isis fighters fled as Iraqi forces advanced", [("Isis", "islamic_state")],
          id="paper-isis-title-case"),
    _case("the fight against Isil", [("Isil", "islamic_state")], id="paper-isil-title-case"),
    _case("the so-called moderate opposition", [("moderate opposition", "opposition")],
          id="paper-so-called-moderate-opposition"),
    _case("the so-called ‘moderate’ opposition", [("moderate’ opposition", "opposition")],
          id="paper-scare-quoted-moderate"),
    _case("Russian jets and Assad step up strikes on rebels in Idlib",
          [("rebels", "rebel")], id="paper-headline"),
    _case("Syria's government and the opposition", [("Syria's government", "government"),
                                                    ("opposition", "opposition")],
          id="paper-syrias-government"),
    # Russian and Iranian state media
    _case("Idlib militants shell Hama villages", [("militants", "militant")],
          id="ru-headline"),
    _case("the ceasefire regime was violated 20 times", [], id="ru-ceasefire-regime"),
    _case("the regime of cessation of hostilities", [], id="ru-regime-of-cessation"),
    _case("the humanitarian pause regime", [], id="ru-pause-regime"),
    _case("the so-called moderate opposition and the terrorists of Jabhat al-Nusra",
          [("moderate opposition", "opposition"), ("terrorists", "terrorist")],
          id="ru-moderate-opposition-terrorists"),
    _case("Takfiri terrorists backed by Riyadh", [("Takfiri", "extremist"),
                                                   ("terrorists", "terrorist")],
          id="ir-takfiri-terrorists"),
    _case("Daesh terrorists", [("Daesh", "daesh"), ("terrorists", "terrorist")],
          id="ir-daesh-terrorists"),
    _case("foreign-backed militants", [("militants", "militant")], id="ir-foreign-backed"),
    _case("an anti-terrorist operation in Aleppo", [("terrorist", "terrorist")],
          id="ru-anti-terrorist-operation"),
    # Syrian state media
    _case("Army liberates more areas in Aleppo from terrorists",
          [("Army", "army"), ("liberates", "liberation"), ("terrorists", "terrorist")],
          id="sy-headline"),
    _case("SYRIAN ARMY LIBERATES EAST ALEPPO FROM TERRORISTS",
          [("SYRIAN ARMY", "army"), ("LIBERATES", "liberation"),
           ("TERRORISTS", "terrorist")], id="sy-headline-capitals"),
    _case("Aleppo's liberation from terrorism", [("liberation", "liberation")],
          id="sy-aleppos-liberation"),
    _case("the neighbourhood was freed from terrorists",
          [("freed", "liberation"), ("terrorists", "terrorist")], id="sy-freed-from"),
    _case("Army and Armed Forces troops", [("Army", "army"), ("Armed Forces", "army")],
          id="sy-army-and-armed-forces"),
    _case("armed terrorist groups", [("terrorist", "terrorist")],
          id="sy-armed-terrorist-groups"),
    _case("the Turkish regime and its mercenaries",
          [("regime", "regime"), ("mercenaries", "mercenary")], id="sy-turkish-regime"),
    _case("the Israeli occupation", [("occupation", "occupation")], id="sy-israeli-occupation"),
    _case("the Syrian Arab Army (SAA)", [("Syrian Arab Army", "army"), ("SAA", "army")],
          id="sy-saa-initials"),
    # Gulf and Turkish media
    _case("Assad regime forces shelled opposition-held Idlib",
          [("Assad regime", "regime"), ("opposition", "opposition")], id="gulf-regime-forces"),
    _case("Iran-backed Shiite militias", [("militias", "militia")], id="gulf-iran-backed"),
    _case("the YPG/PKK terror group", [("terror group", "terrorist")],
          id="tr-ypg-pkk-terror-group"),
    _case("PKK terrorists", [("terrorists", "terrorist")], id="tr-pkk-terrorists"),
    _case("the Turkish Armed Forces", [("Turkish Armed Forces", "army")], id="tr-tsk"),
    _case("the Turkish-backed Syrian National Army (SNA)", [], id="tr-sna-group-name"),
    _case("the Assad regime's army", [("Assad regime's army", "regime")],
          id="gulf-assad-regimes-army"),
    _case("regime army units", [("regime army", "regime")], id="gulf-regime-army"),
    # opposition monitors
    _case("the regime forces and allied militiamen",
          [("regime", "regime"), ("militiamen", "militia")], id="sohr-regime-militiamen"),
    _case("the rebel and Islamist factions", [("rebel", "rebel")], id="sohr-islamic-factions"),
    _case("the “Islamic State” organization", [("Islamic State", "islamic_state")],
          id="sohr-quoted-islamic-state"),
    _case("41 rebels killed in shelling", [("rebels", "rebel"), ("killed", "killing")],
          id="sohr-rebels-killed"),
    _case("a civilian died of wounds", [], id="sohr-died"),
    # Title Case and ALL CAPS headlines
    _case("Syrian Army Captures Key Districts From Rebels",
          [("Syrian Army", "army"), ("Rebels", "rebel")], id="title-case"),
    _case("ISIS CLAIMS ATTACK", [("ISIS", "islamic_state")], id="caps-isis"),
    _case("ALEPPO IS FREE", [], id="caps-is-verb"),
    _case("THE WAR IS NOT OVER", [], id="caps-is-not"),
    _case("WHAT IS NEXT FOR IDLIB", [], id="caps-what-is"),
    _case("after the war IS seized the town", [("IS", "islamic_state")],
          id="is-after-a-noun-in-running-text"),
    _case("in northern Syria IS fighters attacked", [("IS", "islamic_state")],
          id="is-after-syria-in-running-text"),
    _case("IS FIGHTERS FLEE RAQQA", [("IS", "islamic_state")], id="caps-is-group"),
    _case("Free Syrian Army Retakes Town", [("Free Syrian Army", "opposition")],
          id="title-case-fsa"),
]


# More sentences in the outlets' manners, coded by the codebook before they were run:
# wire agencies (reuters, ap, afp), broadcasters and papers (bbc, uk-paper: Isis and Isil
# as the Guardian and the Telegraph spell them; us-media), Russian and Iranian state media
# (ru, presstv), Syrian state media (sana), Gulf and Turkish media (gulf, tr), monitors
# and Syrian military blogs (monitor), headlines, and traps of every category.
OUTLET_SENTENCES = [
    _case("Syrian government forces backed by Iranian-backed militias and Russian air power"
          " have recaptured most of eastern Aleppo, a war monitor said.",
          [("Syrian government", "government"), ("militias", "militia")], id="reuters-1"),
    _case("Insurgents fighting to topple President Bashar al-Assad said they had repelled "
          "the assault.",
          [("Insurgents", "rebel")], id="reuters-2"),
    _case("The Observatory said 12 pro-government fighters were killed in the clashes.",
          [("killed", "killing")], id="reuters-3"),
    _case("Rebels, including jihadist factions, launched a counter-offensive on Friday.",
          [("Rebels", "rebel"), ("jihadist", "extremist")], id="reuters-4"),
    _case("The army and its allies took control of the Sheikh Saeed district, state media said.",
          [("army", "army"), ("control", "control")], id="reuters-5"),
    _case("Tahrir al-Sham, which is spearheaded by the former Nusra Front, denied the report.",
          [], id="reuters-6"),
    _case("Syrian state news agency SANA said the Syrian army had entered the town.",
          [("Syrian army", "army")], id="reuters-7"),
    _case("Islamic State claimed responsibility for the attack, its Amaq news agency said.",
          [("Islamic State", "islamic_state")], id="reuters-8"),
    _case("Government troops and their allies advanced into rebel-held Douma.",
          [("Government troops", "government"), ("rebel", "rebel")], id="reuters-9"),
    _case("Syrian troops and allied militiamen pressed ahead with their offensive.",
          [("Syrian troops", "government"), ("militiamen", "militia")], id="ap-1"),
    _case("The al-Qaida-linked militants have been battling government forces for weeks.",
          [("militants", "militant"), ("government forces", "government")], id="ap-2"),
    _case("Opposition activists said government warplanes struck the town.",
          [("Opposition", "opposition")], id="ap-3"),
    _case("The Britain-based Syrian Observatory for Human Rights said the death toll had "
          "risen to 35.",
          [], id="ap-4"),
    _case("Hard-line rebels from the Army of Conquest coalition shelled the area.",
          [("Hard-line", "extremist"), ("rebels", "rebel")], id="ap-5"),
    _case("Regime forces backed by Russian warplanes have pushed deep into the last rebel "
          "bastion.",
          [("Regime", "regime"), ("rebel", "rebel")], id="afp-1"),
    _case("The jihadists of the Islamic State group seized the ancient city in May 2015.",
          [("jihadists", "extremist"), ("Islamic State", "islamic_state")], id="afp-2"),
    _case("Regime ally Moscow has denied targeting civilians.", [("Regime", "regime")], id="afp-3"),
    _case("More than 310,000 people have been killed since the conflict erupted in March 2011.",
          [("killed", "killing")], id="afp-4"),
    _case("So-called Islamic State (IS) has lost much of its territory.",
          [("Islamic State", "islamic_state"), ("IS", "islamic_state")], id="bbc-1"),
    _case("IS militants were driven out of the city last year.",
          [("IS", "islamic_state"), ("militants", "militant")], id="bbc-2"),
    _case("Government forces, backed by Russian air strikes, are trying to retake the area.",
          [("Government forces", "government")], id="bbc-3"),
    _case("The rebel fighters agreed to leave under a deal brokered by Russia and Turkey.",
          [("rebel", "rebel")], id="bbc-4"),
    _case("Isis has been pushed out of Raqqa, its self-declared capital.",
          [("Isis", "islamic_state")], id="uk-paper-1"),
    _case("The Assad regime and its Russian backers have pounded opposition-held areas.",
          [("Assad regime", "regime"), ("opposition", "opposition")], id="uk-paper-2"),
    _case("Isil jihadists beheaded the archaeologist.",
          [("Isil", "islamic_state"), ("jihadists", "extremist")], id="uk-paper-3"),
    _case("The regime's barrel bombs have killed thousands of civilians.",
          [("regime's", "regime"), ("killed", "killing")], id="uk-paper-4"),
    _case("Western-backed rebels have been squeezed between the regime and Isis.",
          [("rebels", "rebel"), ("regime", "regime"), ("Isis", "islamic_state")], id="uk-paper-5"),
    _case("Forces loyal to President Bashar al-Assad have besieged the enclave for years.",
          [], id="us-media-1"),
    _case("The Islamic State's de facto capital fell to the American-backed Syrian "
          "Democratic Forces.",
          [("Islamic State's", "islamic_state")], id="us-media-2"),
    _case("ISIS fighters are holding civilians as human shields, the coalition said.",
          [("ISIS", "islamic_state")], id="us-media-3"),
    _case("The Syrian regime has been accused of using chemical weapons against its own people.",
          [("Syrian regime", "regime")], id="us-media-4"),
    _case("Syrian rebels said they had shot down a regime helicopter.",
          [("rebels", "rebel"), ("regime", "regime")], id="us-media-5"),
    _case("Militants have violated the ceasefire regime 15 times over the past 24 hours, "
          "the Russian Defense Ministry said.",
          [("Militants", "militant")], id="ru-1"),
    _case("The Russian Center for Reconciliation said the terrorists were shelling "
          "residential areas.",
          [("terrorists", "terrorist")], id="ru-2"),
    _case("Syrian Army troops liberated the ancient city of Palmyra from ISIS terrorists.",
          [("Syrian Army", "army"), ("liberated", "liberation"), ("ISIS", "islamic_state"),
           ("terrorists", "terrorist")],
          id="ru-3"),
    _case("Humanitarian corridors were opened for civilians and militants wishing to lay "
          "down their arms.",
          [("militants", "militant")], id="ru-4"),
    _case("The regime of silence will be introduced from 8am local time.", [], id="ru-5"),
    _case("Syrian army soldiers have killed scores of Takfiri militants in an operation in "
          "Dayr al-Zawr.",
          [("Syrian army", "army"), ("killed", "killing"), ("Takfiri", "extremist"),
           ("militants", "militant")],
          id="presstv-1"),
    _case("The Saudi-backed militants have been using the area as a launchpad.",
          [("militants", "militant")], id="presstv-2"),
    _case("Daesh Takfiri terrorists executed 20 civilians.",
          [("Daesh", "daesh"), ("Takfiri", "extremist"), ("terrorists", "terrorist")],
          id="presstv-3"),
    _case("Army units restored security and stability to the area after eliminating the "
          "last terrorist gatherings.",
          [("Army", "army"), ("terrorist", "terrorist")], id="sana-1"),
    _case("The Syrian Arab Army's units destroyed terrorists' positions and vehicles.",
          [("Syrian Arab Army's", "army"), ("terrorists'", "terrorist")], id="sana-2"),
    _case("Jabhat al-Nusra and other terrorist organizations affiliated to it",
          [("terrorist", "terrorist")], id="sana-3"),
    _case("A number of the mercenary terrorists were killed and others injured.",
          [("mercenary", "mercenary"), ("terrorists", "terrorist"), ("killed", "killing")],
          id="sana-4"),
    _case("The US-led illegitimate coalition and Turkish occupation forces",
          [("occupation", "occupation")], id="sana-5"),
    _case("the terrorist organizations' attacks on the safe neighborhoods",
          [("terrorist", "terrorist")], id="sana-6"),
    _case("martyrdom of a civilian and injury of 5 others",
          [("martyrdom", "martyrdom")], id="sana-7"),
    _case("Two civilians were martyred in a terrorist attack with rocket shells",
          [("martyred", "martyrdom"), ("terrorist", "terrorist")], id="sana-8"),
    _case("Syrian government forces have seized control of several rebel-held neighbourhoods.",
          [("Syrian government", "government"), ("control", "control"), ("rebel", "rebel")],
          id="gulf-1"),
    _case("Opposition fighters said they had repelled the attack.",
          [("Opposition", "opposition")], id="gulf-2"),
    _case("Hezbollah and other Iran-backed militias fight alongside Assad's troops.",
          [("militias", "militia"), ("Assad's troops", "regime")], id="gulf-3"),
    _case("The regime-controlled city of Hama",
          [("regime", "regime"), ("controlled", "control")], id="gulf-4"),
    _case("Iran-backed Houthi militias fired missiles at Saudi Arabia.",
          [("Houthi", "houthi"), ("militias", "militia")], id="gulf-5"),
    _case("The Turkish Armed Forces (TSK) and the Free Syrian Army (FSA) liberated al-Bab "
          "from Daesh.",
          [("Turkish Armed Forces", "army"), ("Free Syrian Army", "opposition"),
           ("FSA", "opposition"), ("liberated", "liberation"), ("Daesh", "daesh")],
          id="tr-1"),
    _case("The YPG/PKK terrorist organization occupies a third of Syria.",
          [("terrorist", "terrorist"), ("occupies", "occupation")], id="tr-2"),
    _case("Assad regime forces and Iran-backed terrorist groups violated the ceasefire.",
          [("Assad regime", "regime"), ("terrorist", "terrorist")], id="tr-3"),
    _case("The PKK's Syrian offshoot, the PYD/YPG terror group",
          [("terror group", "terrorist")], id="tr-4"),
    _case("Turkey has been fighting terror groups including Daesh and the PKK.",
          [("terror groups", "terrorist"), ("Daesh", "daesh")], id="tr-5"),
    _case("The Syrian National Army (SNA), backed by Turkey, cleared the town of terrorists.",
          [("terrorists", "terrorist")], id="tr-6"),
    _case("the regime forces and the loyal gunmen of Syrian, Arab, Asian and Iranian "
          "nationalities",
          [("regime", "regime"), ("gunmen", "militant")], id="monitor-1"),
    _case("The SAA and its allies have captured the Kabani hilltop from the jihadist rebels.",
          [("SAA", "army"), ("jihadist", "extremist"), ("rebels", "rebel")], id="monitor-2"),
    _case("The Tiger Forces, backed by the National Defense Forces (NDF), advanced on the "
          "rebel positions.",
          [("rebel", "rebel")], id="monitor-3"),
    _case("The Syrian army recaptured a strategic town from the militants, said the state "
          "news agency SANA.",
          [("Syrian army", "army"), ("militants", "militant")], id="monitor-4"),
    _case("ISIS controlled areas in the countryside of Deir Ezzor",
          [("ISIS", "islamic_state"), ("controlled", "control")], id="monitor-5"),
    _case("the Syrian Observatory documented the death of 7 civilians including 2 children",
          [], id="monitor-6"),
    _case("SYRIAN ARMY RETAKES PALMYRA FROM IS",
          [("SYRIAN ARMY", "army"), ("IS", "islamic_state")], id="headline-1"),
    _case("IS LOSES RAQQA", [("IS", "islamic_state")], id="headline-2"),
    _case("WHAT IS NEXT FOR ALEPPO?", [], id="headline-3"),
    _case("ALEPPO IS LIBERATED", [("LIBERATED", "liberation")], id="headline-4"),
    _case("Rebel-Held Aleppo Faces Bombardment", [("Rebel", "rebel")], id="headline-5"),
    _case("Assad Regime Bombs Idlib", [("Assad Regime", "regime")], id="headline-6"),
    _case("Is Assad Winning The War?", [], id="headline-7"),
    _case("Army Of Islam Agrees To Leave Douma", [], id="headline-8"),
    _case("REGIME FORCES ENTER DOUMA", [("REGIME", "regime")], id="headline-9"),
    _case("TERRORISTS KILL 5 CIVILIANS IN DAMASCUS",
          [("TERRORISTS", "terrorist"), ("KILL", "killing")], id="headline-10"),
    _case("The government in Damascus and the opposition in exile",
          [("opposition", "opposition")], id="trap-1"),
    _case("The conflict has seen an army of volunteers help rebuild the town.", [], id="trap-2"),
    _case("Damascus wants the Kurds to free the prisoners.", [("free", "liberation")], id="trap-3"),
    _case("the right to free speech", [], id="trap-4"),
    _case("He was freed after paying a ransom to the kidnappers.",
          [("freed", "liberation")], id="trap-5"),
    _case("Turkey occupied part of northern Syria, Damascus said.",
          [("occupied", "occupation")], id="trap-6"),
    _case("Occupied Golan Heights", [("Occupied", "occupation")], id="trap-7"),
    _case("The UN is preoccupied with the humanitarian situation.", [], id="trap-8"),
    _case("The rebels lost control of the road.",
          [("rebels", "rebel"), ("control", "control")], id="trap-9"),
    _case("The government has lost control over prices.", [], id="trap-10"),
    _case("The fire is under control.", [], id="trap-11"),  # not ground
    _case("Border controls were tightened.", [], id="trap-12"),
    _case("Kurdish-led forces control much of the northeast.",
          [("control", "control")], id="trap-13"),
    _case("The Kurdish YPG controls the town", [("controls", "control")], id="trap-14"),
    _case("Opposition to the deal is growing in Congress.", [], id="trap-15"),
    _case("the opposition to Assad", [("opposition", "opposition")], id="trap-16"),
    _case("Russia's opposition to the resolution", [], id="trap-17"),
    _case("the Syrian opposition's High Negotiations Committee",
          [("Syrian opposition's", "opposition")], id="trap-18"),
    _case("Houthi rebels and forces loyal to former president Saleh",
          [("Houthi", "houthi"), ("rebels", "rebel")], id="trap-19"),
    _case("the Houthi-Saleh coup militias",
          [("Houthi", "houthi"), ("coup militias", "putschist")], id="trap-20"),
    _case("The Ansarullah movement", [("Ansarullah", "ansar_allah")], id="trap-21"),
    _case("revolutionary forces in Aleppo", [("revolutionary", "rebel")], id="trap-22"),
    _case("the revolutionary spirit of 2011", [], id="trap-23"),
    _case("Revolutionary Commando Army", [], id="trap-24"),
    _case("The killings sparked outrage.", [("killings", "killing")], id="trap-25"),
    _case("killer drones", [("killer", "killing")], id="trap-26"),
    _case("Armed men kidnapped a doctor", [("Armed men", "militant")], id="trap-27"),
    _case("armed rebels", [("rebels", "rebel")], id="trap-28"),
    _case("heavily armed groups", [("armed groups", "militant")], id="trap-29"),
    _case("armed opposition groups", [("armed opposition", "opposition")], id="trap-30"),
    _case("the armed wing of the group", [], id="trap-31"),
    _case("Syrian Democratic Forces", [], id="trap-32"),
    _case("pro-regime militias", [("regime", "regime"), ("militias", "militia")], id="trap-33"),
    _case("pro-Assad forces", [("Assad forces", "regime")], id="trap-34"),
    _case("the Nusra Front's terrorists", [("terrorists", "terrorist")], id="trap-35"),
    _case("The Syrian state lost control of large parts of the country.",
          [("Syrian state", "government"), ("control", "control")], id="trap-36"),
    _case("Syrian state television", [], id="trap-37"),
    _case("the Syrian government-held city", [("Syrian government", "government")], id="trap-38"),
    _case("They were killed by regime shelling.",
          [("killed", "killing"), ("regime", "regime")], id="trap-39"),
    _case("Martyrs' Square in Damascus", [], id="trap-40"),
    _case("the Yarmouk Martyrs Brigade", [], id="trap-41"),
    _case("dozens of martyrs", [("martyrs", "martyrdom")], id="trap-42"),
    _case("Iran's Islamic Revolutionary Guard Corps", [], id="trap-43"),
    _case("an Islamic state ruled by sharia", [], id="trap-44"),
    _case("ISIS-K", [("ISIS", "islamic_state")], id="trap-45"),
    _case("the group known as ISIL or Da'esh",
          [("ISIL", "islamic_state"), ("Da'esh", "daesh")], id="trap-46"),
    _case("Daesh’s fighters", [("Daesh’s", "daesh")], id="trap-47"),
    _case("U.S. Army", [("Army", "army")], id="trap-48"),
    _case("the Lebanese army and Hezbollah", [("Lebanese army", "army")], id="trap-49"),
    _case("The Iraqi army's elite units", [("Iraqi army's", "army")], id="trap-50"),
    _case("the army of Bashar al-Assad", [("army of Bashar", "regime")], id="trap-51"),
    _case("Regime-change wars", [], id="trap-52"),
    _case("the de-escalation regime", [], id="trap-53"),
    _case("the nuclear non-proliferation regime", [], id="trap-54"),
    _case("the Kiev regime", [("regime", "regime")], id="trap-55"),
    _case("the apartheid regime", [("regime", "regime")], id="trap-56"),
    _case("a strict training regime", [], id="trap-57"),
    _case("government soldiers", [], id="trap-58"),
    _case("Syrian soldiers", [], id="trap-59"),
    _case("regime soldiers", [("regime", "regime")], id="trap-60"),
    _case("the regular army", [("regular army", "government")], id="trap-61"),
    _case("Syria's army", [("army", "army")], id="trap-62"),
    _case("Syria's troops", [("Syria's troops", "government")], id="trap-63"),
    _case("the People's Protection Units (YPG)", [], id="trap-64"),
    _case("counter-terrorist operation", [("terrorist", "terrorist")], id="trap-65"),
    _case("Turkish-backed rebels, known as the Free Syrian Army",
          [("rebels", "rebel"), ("Free Syrian Army", "opposition")], id="trap-66"),
    _case("The liberation of Mosul from IS",
          [("liberation", "liberation"), ("IS", "islamic_state")], id="trap-67"),
    _case("National Liberation Front", [], id="trap-68"),
    _case("Levant Liberation Committee", [], id="trap-69"),
    _case("the Organization for the Liberation of the Levant", [], id="trap-70"),
    _case("the Syrian Liberation Front", [], id="trap-71"),
    _case("women's liberation", [("liberation", "liberation")], id="trap-72"),
    _case("ceasefire violations by terrorist groups", [("terrorist", "terrorist")], id="trap-73"),
    _case("The fire was brought under control.", [], id="more-1"),
    _case("the situation remains under control", [], id="more-2"),
    _case("the area is under control of the army",
          [("control", "control"), ("army", "army")], id="more-3"),
    _case("Syrian state-controlled media", [], id="more-4"),
    _case("Kremlin-controlled television", [], id="more-5"),
    _case("a remotely controlled bomb", [], id="more-6"),
    _case("the command and control centre", [], id="more-7"),
    _case("the Russian control center in Hmeimim", [], id="more-8"),
    _case("ISIS IS DEFEATED", [("ISIS", "islamic_state")], id="more-9"),
    _case("WAR IS OVER", [], id="more-10", marks=pytest.mark.xfail(strict=True, reason=(
        "IS before over counts as the group ('strikes on IS over the weekend' is commoner); "
        "a condition 'the line is written in capitals' would tell the headline's verb, "
        "and the matcher has none"))),
    _case("air strikes on IS over the weekend", [("IS", "islamic_state")],
          id="more-is-over-the-weekend"),
    _case("IS no longer holds any town", [("IS", "islamic_state")], id="more-is-no-longer"),
    _case("with IS being driven out", [("IS", "islamic_state")], id="more-is-being"),
    _case("IS freed the hostages", [("IS", "islamic_state"), ("freed", "liberation")],
          id="more-is-freed"),
    _case("the safe and free return of refugees", [], id="more-11"),
    _case("Army of Islam's fighters", [], id="more-12"),
    _case("IS-linked", [("IS", "islamic_state")], id="more-13"),
    _case("rebels took control of the town",
          [("rebels", "rebel"), ("control", "control")], id="more-14"),

    _case("Isis's fighters and Isis’ leader",
          [("Isis's", "islamic_state"), ("Isis’", "islamic_state")], id="more-isis-possessive"),
    # a closing single quote after a final s reads as a plural possessive: the count is
    # right, the span's text keeps the quote
    _case("the 'moderate rebels' and the jihadists",
          [("rebels'", "rebel"), ("jihadists", "extremist")], id="more-closing-quote"),
]

# Short phrases that probe each category's edges as the outlets write them (named by
# the category of their first span, "none" where nothing counts).
EDGE_PHRASES = [
    # found by a second coder working blind from the codebook alone
    _case("its hardline allies in Ahrar al-Sham", [("hardline", "extremist")],
          id="second-coder-hardline-allies"),
    _case("Syrian army, allies free over 30 neighborhoods",
          [("Syrian army", "army"), ("free", "liberation")], id="second-coder-free-headline"),
    _case("Rebels in the capital control most of the eastern districts",
          [("Rebels", "rebel"), ("control", "control")], id="second-coder-capital-control"),
    _none("strict border controls and arms control talks", id="second-coder-not-control"),
    _none("US-backed Syrian forces advanced on Manbij", id="backed-syrian-forces"),
    _case("Turkish-backed rebels and Syrian troops",
          [("rebels", "rebel"), ("Syrian troops", "government")], id="syrian-troops"),
    _case("driven out by Russian-backed Syrian forces",
          [("Russian-backed Syrian forces", "government")], id="russian-backed-syrian-forces"),
    _case("ALEPPO IS BACK UNDER ITS CONTROL", [("CONTROL", "control")], id="is-back-under"),
    _none("Both have armies of apologists", id="armies-of-apologists"),
    _none("I am occupied these days with other work", id="occupied-these-days-with"),
    _none("the security coordination regime", id="coordination-regime"),
    _case("The UN envoy met representatives of the government and the opposition in Geneva.",
          [("opposition", "opposition")], id="opposition-1"),
    _case("The opposition delegation walked out of the talks.",
          [("opposition", "opposition")], id="opposition-2"),
    _case("Syria's opposition High Negotiations Committee",
          [("opposition", "opposition")], id="opposition-3"),
    _case("the main opposition bloc", [("opposition", "opposition")], id="opposition-4"),
    _case("Turkey's main opposition party, the CHP",
          [("opposition", "opposition")], id="opposition-5"),
    _case("the opposition-run Orient TV", [("opposition", "opposition")], id="opposition-6"),
    _case("pro-opposition media", [("opposition", "opposition")], id="opposition-7"),
    _case("In a statement, the Free Syrian Army's Southern Front said",
          [("Free Syrian Army's", "opposition")], id="opposition-8"),
    _case("FSA-affiliated factions", [("FSA", "opposition")], id="opposition-9"),
    _case("the armed opposition's", [("armed opposition's", "opposition")], id="opposition-10"),
    _case("opposition forces and jihadists",
          [("opposition", "opposition"), ("jihadists", "extremist")], id="opposition-11"),
    _case("the Army's 4th Division", [("Army's", "army")], id="army-1"),
    _case("the Syrian Arab Army’s Tiger Forces", [("Syrian Arab Army’s", "army")], id="army-2"),
    _case("Russian Army General Staff", [("Russian Army", "army")], id="army-3"),
    _case("the Lebanese Armed Forces", [("Lebanese Armed Forces", "army")], id="army-4"),
    _case("Iranian army advisers", [("Iranian army", "army")], id="army-5"),
    _case("an army defector", [("army", "army")], id="army-6"),
    _case("armies of the region", [("armies", "army")], id="army-7"),
    _case("the Iraqi and Syrian armies", [("armies", "army")], id="army-8"),
    _case("The military said", [], id="none-1"),
    _case("Syrian military sources", [], id="none-2"),
    _case("a regime airstrike on a hospital", [("regime", "regime")], id="regime-1"),
    _case("Assad's troops and Iranian militias",
          [("Assad's troops", "regime"), ("militias", "militia")], id="regime-2"),
    _case("The Assad regime’s allies", [("Assad regime’s", "regime")], id="regime-3"),
    _case("the Baathist regime", [("regime", "regime")], id="regime-4"),
    _case("the regime in Damascus", [("regime", "regime")], id="regime-5"),
    _case("a regime spokesman", [("regime", "regime")], id="regime-6"),
    _case("the fall of the regime", [("regime", "regime")], id="regime-7"),
    _case("regime loyalists", [("regime", "regime")], id="regime-8"),
    _case("the new ceasefire regime in Idlib", [], id="none-3"),
    _case("a sanctions regime against Damascus", [], id="none-4"),
    _case("the international sanctions regime", [], id="none-5"),
    _case("a regime of sanctions", [], id="none-6"),
    _case("Government and allied forces", [], id="none-7"),
    _case("Syrian government and allied forces",
          [("Syrian government", "government")], id="government-1"),
    _case("Syrian Government Forces", [("Syrian Government", "government")], id="government-2"),
    _case("the government's forces", [("government's forces", "government")], id="government-3"),
    _case("government-backed militias", [("militias", "militia")], id="militia-1"),
    _case("Syrian authorities said", [("Syrian authorities", "government")], id="government-4"),
    _case("The Syrian State will not allow", [("Syrian State", "government")], id="government-5"),
    _case("Syrian state-run TV", [], id="none-8"),
    _case("the Syrian state news agency", [], id="none-9"),
    _case("a Syrian government official", [("Syrian government", "government")], id="government-6"),
    _case("Syrian forces and their Russian allies",
          [("Syrian forces", "government")], id="government-7"),
    _case("Syrian and Russian warplanes", [], id="none-10"),
    _case("The Islamic State (ISIS) took over Raqqa in 2014.",
          [("Islamic State", "islamic_state"), ("ISIS", "islamic_state")], id="islamic-state-1"),
    _case("ISIL terrorists",
          [("ISIL", "islamic_state"), ("terrorists", "terrorist")], id="islamic-state-2"),
    _case("Daesh (ISIS)", [("Daesh", "daesh"), ("ISIS", "islamic_state")], id="daesh-1"),
    _case("the self-styled Islamic State",
          [("Islamic State", "islamic_state")], id="islamic-state-3"),
    _case("Islamic State in Iraq and the Levant",
          [("Islamic State", "islamic_state")], id="islamic-state-4"),
    _case("IS' former capital", [("IS'", "islamic_state")], id="islamic-state-5"),
    _case("the so-called \"Islamic State\"",
          [("Islamic State", "islamic_state")], id="islamic-state-6"),
    _case("IS, al-Qaeda and other jihadists",
          [("IS", "islamic_state"), ("jihadists", "extremist")], id="islamic-state-7"),
    _case("He IS the leader", [], id="none-11"),
    _case("THIS IS WHY", [], id="none-12"),
    _case("THE SYRIAN ARMY IS ADVANCING ON IS POSITIONS",
          [("SYRIAN ARMY", "army"), ("IS", "islamic_state")], id="army-9",
          marks=pytest.mark.xfail(strict=True, reason=(
              "the verb IS after a noun in a headline in capitals counts as the group (in "
              "running text a noun may end a phrase just before the group's name); a "
              "condition 'the line is written in capitals' would tell them apart, and the "
              "matcher has none"))),
    _case("the liberated city of Aleppo", [("liberated", "liberation")], id="liberation-1"),
    _case("liberation operations", [("liberation", "liberation")], id="liberation-2"),
    _case("Operation Euphrates Shield freed al-Bab from Daesh",
          [("freed", "liberation"), ("Daesh", "daesh")], id="liberation-3"),
    _case("the kidnapped nuns were freed", [("freed", "liberation")], id="liberation-4"),
    _case("free Syria", [], id="none-13"),
    _case("a free hand", [], id="none-14"),
    _case("the Free Syrian Police", [], id="none-15"),
    _case("They pledged to free all detainees", [("free", "liberation")], id="liberation-5"),
    _case("efforts to free the hostages", [("free", "liberation")], id="liberation-6"),
    _case("Israeli-occupied Golan Heights", [("occupied", "occupation")], id="occupation-1"),
    _case("the occupying powers", [("occupying", "occupation")], id="occupation-2"),
    _case("US occupation troops", [("occupation", "occupation")], id="occupation-3"),
    _case("Turkish occupation", [("occupation", "occupation")], id="occupation-4"),
    _case("they occupied the building", [("occupied", "occupation")], id="occupation-5"),
    _case("The Kurdish-led SDF controls most of Raqqa", [("controls", "control")], id="control-1"),
    _case("territory under IS control",
          [("IS", "islamic_state"), ("control", "control")], id="islamic-state-8"),
    _case("areas controlled by the regime",
          [("controlled", "control"), ("regime", "regime")], id="control-2"),
    _case("Damascus regained control of the border crossing",
          [("control", "control")], id="control-3"),
    _case("the battle for control of Aleppo", [("control", "control")], id="control-4"),
    _case("loss of control over large parts of the country",
          [("control", "control")], id="control-5"),
    _case("air traffic control", [], id="none-16"),
    _case("chemical weapons control", [], id="none-17"),
    _case("price controls on bread", [], id="none-18"),
    _case("a controlled detonation", [], id="none-19"),
    _case("to control the spread of cholera", [], id="none-20"),
    _case("Martyrs' Square", [], id="none-21"),
    _case("the martyrs of the revolution", [("martyrs", "martyrdom")], id="martyrdom-1"),
    _case("a martyrdom operation", [("martyrdom", "martyrdom")], id="martyrdom-2"),
    _case("martyred soldiers", [("martyred", "martyrdom")], id="martyrdom-3"),
    _case("Five civilians were killed and 12 wounded", [("killed", "killing")], id="killing-1"),
    _case("extrajudicial killings", [("killings", "killing")], id="killing-2"),
    _case("the killers of the journalist", [("killers", "killing")], id="killing-3"),
    _case("killing at least 30", [("killing", "killing")], id="killing-4"),
    _case("deadly clashes", [], id="none-22"),
    _case("he died of his wounds", [], id="none-23"),
    _case("the bodies of the dead", [], id="none-24"),
    _case("the militias' checkpoints", [("militias'", "militia")], id="militia-2"),
    _case("Shiite militiamen from Iraq", [("militiamen", "militia")], id="militia-3"),
    _case("the National Defence Forces militia", [("militia", "militia")], id="militia-4"),
    _case("Russian mercenaries", [("mercenaries", "mercenary")], id="mercenary-1"),
    _case("mercenary forces", [("mercenary", "mercenary")], id="mercenary-2"),
    _case("al-Qaeda-linked extremists", [("extremists", "extremist")], id="extremist-1"),
    _case("a jihadi group", [("jihadi", "extremist")], id="extremist-2"),
    _case("jihadist-held Idlib", [("jihadist", "extremist")], id="extremist-3"),
    _case("takfiri groups", [("takfiri", "extremist")], id="extremist-4"),
    _case("hardliners within the group", [("hardliners", "extremist")], id="extremist-5"),
    _case("Islamist hardliners", [("hardliners", "extremist")], id="extremist-6"),
    _case("a hard-line Islamist group", [("hard-line", "extremist")], id="extremist-7"),
    _case("the rebels' last stronghold", [("rebels'", "rebel")], id="rebel-1"),
    _case("ex-rebels", [("rebels", "rebel")], id="rebel-2"),
    _case("a rebel commander", [("rebel", "rebel")], id="rebel-3"),
    _case("rebel groups", [("rebel", "rebel")], id="rebel-4"),
    _case("the rebellion against Assad", [], id="none-25"),
    _case("rebelled against", [], id="none-26"),
    _case("revolutionaries in Daraa", [("revolutionaries", "rebel")], id="rebel-5"),
    _case("revolutionary factions", [("revolutionary", "rebel")], id="rebel-6"),
    _case("the revolutionary council", [], id="none-27"),
    _case("Revolutionary Guard commanders", [], id="none-28"),
    _case("insurgent-held", [("insurgent", "rebel")], id="rebel-7"),
    _case("terrorist-held areas", [("terrorist", "terrorist")], id="terrorist-1"),
    _case("terror-group", [("terror-group", "terrorist")], id="terrorist-2"),
    _case("designated a terror organization",
          [("terror organization", "terrorist")], id="terrorist-3"),
    _case("a terror attack", [], id="none-29"),
    _case("anti-terrorism laws", [], id="none-30"),
    _case("the terror threat", [], id="none-31"),
    _case("the terrorist designation", [("terrorist", "terrorist")], id="terrorist-4"),
    _case("militant groups", [("militant", "militant")], id="militant-1"),
    _case("Islamist militants", [("militants", "militant")], id="militant-2"),
    _case("the armed groups' positions", [("armed groups'", "militant")], id="militant-3"),
    _case("armed elements", [("armed elements", "militant")], id="militant-4"),
    _case("armed gangs", [("armed gangs", "militant")], id="militant-5"),
    _case("an armed group", [("armed group", "militant")], id="militant-6"),
    _case("the armed confrontation", [], id="none-32"),
    _case("armed clashes", [], id="none-33"),
    _case("armed drones", [], id="none-34"),
    _case("gunmen on motorcycles", [("gunmen", "militant")], id="militant-7"),
    _case("Houthi militias", [("Houthi", "houthi"), ("militias", "militia")], id="houthi-1"),
    _case("the Houthis' coup", [("Houthis'", "houthi")], id="houthi-2"),
    _case("Huthi rebels", [("Huthi", "houthi"), ("rebels", "rebel")], id="houthi-3"),
    _case("coup forces", [("coup forces", "putschist")], id="putschist-1"),
    _case("the coup plotters", [("coup plotters", "putschist")], id="putschist-2"),
    _case("a failed coup attempt", [], id="none-35"),
    # more wire-copy idioms
    _case("A US-led coalition air strike killed 15 civilians, the monitor said.",
          [("killed", "killing")], id="wire-1"),
    _case("Government-controlled Damascus", [("controlled", "control")], id="wire-2"),
    _case("The army-controlled airport",
          [("army", "army"), ("controlled", "control")], id="wire-3"),
    _case("Rebels in Idlib, the last opposition stronghold, braced for an assault.",
          [("Rebels", "rebel"), ("opposition", "opposition")], id="wire-4"),
    _case("forces loyal to Syrian President Bashar al-Assad", [], id="wire-5"),
    _case("Assad’s Syria", [], id="wire-6"),
    _case("pro-Damascus forces", [], id="wire-7"),
    _case("the pro-Iranian militia", [("militia", "militia")], id="wire-8"),
    _case("Hezbollah-led militias", [("militias", "militia")], id="wire-9"),
    _case("Turkish troops and their Syrian rebel allies", [("rebel", "rebel")], id="wire-10"),
    _case("Turkey-backed Syrian fighters", [], id="wire-11"),
    _case("the Turkish-backed Syrian opposition",
          [("Syrian opposition", "opposition")], id="wire-12"),
    _case("the Kurdish People's Protection Units", [], id="wire-13"),
    _case("the PKK, which Turkey, the EU and the US list as a terrorist organisation",
          [("terrorist", "terrorist")], id="wire-14"),
    _case("Moscow calls all the rebels terrorists.",
          [("rebels", "rebel"), ("terrorists", "terrorist")], id="wire-15"),
    _case("what it calls 'terrorists'", [("terrorists'", "terrorist")], id="wire-16"),
    _case("\"terrorists\"", [("terrorists", "terrorist")], id="wire-17"),
    _case("a Western-backed rebel faction", [("rebel", "rebel")], id="wire-18"),
    _case("the jihadist-dominated alliance", [("jihadist", "extremist")], id="wire-19"),
    _case("Idlib, controlled by jihadists",
          [("controlled", "control"), ("jihadists", "extremist")], id="wire-20"),
    _case("The insurgents' control of the city",
          [("insurgents'", "rebel"), ("control", "control")], id="wire-21"),
    _case("the Islamic State-held town", [("Islamic State", "islamic_state")], id="wire-22"),
    _case("an IS suicide bomber killed 30",
          [("IS", "islamic_state"), ("killed", "killing")], id="wire-23"),
    _case("an ISIS sleeper cell", [("ISIS", "islamic_state")], id="wire-24"),
    _case("the Daesh terror group",
          [("Daesh", "daesh"), ("terror group", "terrorist")], id="wire-25"),
    _case("Iraqi forces liberated Mosul", [("liberated", "liberation")], id="wire-26"),
    _case("the battle to liberate Raqqa", [("liberate", "liberation")], id="wire-27"),
    _case("Russian military police", [], id="wire-28"),
    _case("Syrian Army soldiers were killed in an ambush by ISIS militants",
          [("Syrian Army", "army"), ("killed", "killing"), ("ISIS", "islamic_state"),
           ("militants", "militant")],
          id="wire-29"),
    _case("killed or wounded", [("killed", "killing")], id="wire-30"),
    _case("a deadly car bomb", [], id="wire-31"),
    _case("Israel has occupied the Golan Heights since 1967",
          [("occupied", "occupation")], id="wire-32"),
    _case("the occupied Syrian Golan", [("occupied", "occupation")], id="wire-33"),
    _case("the US military presence, which Damascus calls an occupation",
          [("occupation", "occupation")], id="wire-34"),
    _case("insurgency-hit areas", [], id="wire-35"),
    _case("The 'revolutionaries' of Daraa", [("revolutionaries'", "rebel")], id="wire-36"),
    _case("the mercenaries of Erdogan", [("mercenaries", "mercenary")], id="wire-37"),
    _case("the Syrian regime's mercenaries",
          [("Syrian regime's", "regime"), ("mercenaries", "mercenary")], id="wire-38"),
    _case("The Syrian government, which calls all insurgents terrorists",
          [("Syrian government", "government"), ("insurgents", "rebel"),
           ("terrorists", "terrorist")],
          id="wire-39"),
    _case("Russian-backed Syrian government forces",
          [("Syrian government", "government")], id="wire-40"),
    _case("The SDF is the YPG under another name.", [], id="wire-41"),
    _case("IS' last holdout", [("IS'", "islamic_state")], id="wire-42"),
]

# Paragraphs in the outlets' manners (datelines, wire phrasing, state-media idiom), each
# with every span a coder records in it, in order.
PARAGRAPHS = [
    _case(
        "BEIRUT - Syrian government forces captured a strategic hill overlooking "
        "the rebel-held town of Khan Sheikhoun on Tuesday, a war monitor and state media "
        "said, as the army pressed its offensive against the last major insurgent stronghold.\n"
        "The Syrian Observatory for Human Rights said at least 12 government soldiers and 20 "
        "fighters from Hayat Tahrir al-Sham and allied factions were killed in the fighting.",
        [("Syrian government", "government"), ("rebel", "rebel"), ("army", "army"),
         ("insurgent", "rebel"), ("killed", "killing")],
        id="reuters"),
    _case(
        "DAMASCUS, Syria — Syrian troops backed by Russian airstrikes pushed deeper into"
        " the opposition's last enclave near the capital on Sunday, as the death toll from "
        "five days of bombardment rose to 400, activists said.\n"
        "The Syrian Observatory for Human Rights, a monitoring group based in Britain, "
        "said government warplanes and helicopters dropped barrel "
        "bombs on Douma. The Army of Islam, the main rebel group in Douma, said its fighters "
        "had repelled the attack.",
        [("Syrian troops", "government"), ("opposition's", "opposition"), ("rebel", "rebel")],
        id="ap"),
    _case(
        "Regime forces, backed by Iranian militias and Russian warplanes, have retaken more "
        "than half of the former rebel enclave, a correspondent said. The jihadist group "
        "Hayat Tahrir al-Sham, led by Al-Qaeda's former Syria affiliate, controls most of "
        "Idlib province.",
        [("Regime", "regime"), ("militias", "militia"), ("rebel", "rebel"),
         ("jihadist", "extremist"), ("controls", "control")],
        id="afp"),
    _case(
        "MOSCOW, December 3. Militants have violated the ceasefire regime in Syria 32"
        " times over the past 24 hours, the Russian Center for the Reconciliation of the "
        "Opposing Sides said. The Syrian Arab Army liberated the settlement of Tal Rifaat "
        "from terrorists of the Islamic State (IS, a terrorist organization outlawed in "
        "Russia).",
        [("Militants", "militant"), ("Syrian Arab Army", "army"), ("liberated", "liberation"),
         ("terrorists", "terrorist"), ("Islamic State", "islamic_state"),
         ("IS", "islamic_state"), ("terrorist", "terrorist")],
        id="tass"),
    _case(
        "Syrian Army units, in cooperation with the allied forces, restored security and "
        "stability to all the neighborhoods of Aleppo city after eliminating the last "
        "gatherings of the terrorist organizations in the eastern neighborhoods. The army's "
        "engineering units are dismantling the mines and IEDs left behind by the terrorists, "
        "a military source told the agency.",
        [("Syrian Army", "army"), ("terrorist", "terrorist"), ("army's", "army"),
         ("terrorists", "terrorist")],
        id="sana"),
    _case(
        "Takfiri terrorists from the Daesh and Jabhat Fateh al-Sham groups have been "
        "suffering heavy losses as the Syrian army, backed by fighters from the popular "
        "resistance group Hezbollah, pushes ahead with its operations. The foreign-sponsored "
        "militancy has killed more than 400,000 people.",
        [("Takfiri", "extremist"), ("terrorists", "terrorist"), ("Daesh", "daesh"),
         ("Syrian army", "army"), ("killed", "killing")],
        id="presstv"),
    _case(
        "ANKARA - Turkish security forces neutralized 11 YPG/PKK terrorists in northern "
        "Syria, the National Defense Ministry said. The Turkish Armed Forces and the Syrian "
        "National Army (SNA) launched Operation Peace Spring to clear the region of "
        "terrorists and ensure the safe return of Syrians. The Assad regime has killed nearly"
        " 1 million civilians, according to UN figures.",
        [("terrorists", "terrorist"), ("Turkish Armed Forces", "army"),
         ("terrorists", "terrorist"), ("Assad regime", "regime"), ("killed", "killing")],
        id="anadolu"),
    _case(
        "The Observatory documented the killing of 23 members of the regime forces and their "
        "loyal militias, including 4 officers, in clashes with the factions and \"Hayat Tahrir"
        " al-Sham\" on the frontlines of Idlib countryside, while 17 of the factions' fighters"
        " were killed.",
        [("killing", "killing"), ("regime", "regime"), ("militias", "militia"),
         ("killed", "killing")],
        id="sohr"),
    _case(
        "SAA troops, along with the Tiger Forces and NDF, have captured the village of Abu "
        "Dali from the jihadist rebels of Hay'at Tahrir Al-Sham, a military source told "
        "reporters. ISIS militants, meanwhile, launched a counter-attack in the eastern "
        "countryside.",
        [("SAA", "army"), ("jihadist", "extremist"), ("rebels", "rebel"),
         ("ISIS", "islamic_state"), ("militants", "militant")],
        id="almasdar"),
    _case(
        "The Assad regime and its Iranian-backed militias have laid siege to Eastern Ghouta "
        "for five years, starving 400,000 people. Opposition fighters in the enclave said "
        "they would not surrender. \"We will not hand over our areas to the occupiers,\" a "
        "Failaq al-Rahman commander told reporters.",
        [("Assad regime", "regime"), ("militias", "militia"), ("Opposition", "opposition"),
         ("occupiers", "occupation")],
        id="aljazeera"),
    _case(
        "Isis has lost almost all of the territory it once held in Iraq and Syria, but the "
        "group's fighters remain a threat, Western officials said. In Raqqa, the former "
        "capital of its so-called caliphate, US-backed Kurdish forces declared the city "
        "liberated in October.",
        [("Isis", "islamic_state"), ("liberated", "liberation")],
        id="uk-paper"),
    _case(
        "SYRIAN ARMY DECLARES ALEPPO FREE OF TERRORISTS\n"
        "Is this the end of the war? Analysts say the regime is now stronger than at any time"
        " since 2012, while the armed opposition is divided between Turkey-backed groups and "
        "hardline jihadists.",
        [("SYRIAN ARMY", "army"), ("TERRORISTS", "terrorist"), ("regime", "regime"),
         ("armed opposition", "opposition"), ("hardline", "extremist"),
         ("jihadists", "extremist")],
        id="headline-and-body"),
    _case(
        "The Syrian army on Monday regained control of a key town in the southern "
        "province of Daraa from the rebels, state news agency SANA reported. The army had "
        "earlier sent reinforcements to the area, in preparation for an offensive against the"
        " rebel-controlled parts of the province.",
        [("Syrian army", "army"), ("control", "control"), ("rebels", "rebel"), ("army", "army"),
         ("rebel", "rebel"), ("controlled", "control")],
        id="xinhua"),
    _case(
        "The Houthi militia, which the Saudi-led coalition calls the putschists, fired a "
        "missile at Riyadh. Ansar Allah said it targeted the airport, and that the coup "
        "militias would continue.",
        [("Houthi", "houthi"), ("militia", "militia"), ("putschists", "putschist"),
         ("Ansar Allah", "ansar_allah"), ("coup militias", "putschist")],
        id="yemen"),
    _case(
        "Moscow insists the so-called moderate opposition must separate itself from terrorist"
        " groups such as Jabhat al-Nusra, while Washington accuses Damascus and its allies of"
        " killing civilians under the pretext of fighting terrorism.",
        [("moderate opposition", "opposition"), ("terrorist", "terrorist"),
         ("killing", "killing")],
        id="analysis"),
    _case(
        "Mercenaries from the Wagner Group fought alongside pro-government forces near "
        "Palmyra, where the Syrian army recaptured the ancient city from Daesh in March 2016 "
        "and again in 2017 after IS seized it back.",
        [("Mercenaries", "mercenary"), ("government forces", "government"),
         ("Syrian army", "army"), ("Daesh", "daesh"), ("IS", "islamic_state")],
        id="wire-mercenaries"),
    _case(
        "Israeli occupation forces killed a Palestinian in the occupied West Bank, while the "
        "Zionist regime's warplanes struck targets near Damascus, Syrian state TV reported. "
        "Syrian air defences intercepted most of the missiles.",
        [("occupation", "occupation"), ("killed", "killing"), ("occupied", "occupation"),
         ("regime's", "regime")],
        id="iran-state-tv"),
    _case(
        "Hundreds of martyrs fell in the battle, the Syrian opposition's coalition said, "
        "calling on the international community to stop the killing. Its president said the "
        "revolution would continue until the regime falls.",
        [("martyrs", "martyrdom"), ("Syrian opposition's", "opposition"), ("killing", "killing"),
         ("regime", "regime")],
        id="opposition-coalition"),

]

def test_every_category_of_the_english_default_has_cases(en_matcher):
    """Each category has cases where it counts, and cases where it must not."""
    assert list(ALL_CASES) == en_matcher.lexicon.category_ids
    for category, cases in ALL_CASES.items():
        expected = [p.values[1] for p in cases]
        assert any(category in {c for _, c in spans} for spans in expected), category
    without = [c for c, cases in ALL_CASES.items()
               if not any(c not in {k for _, k in p.values[1]} for p in cases)]
    # the codebook excludes nothing from these
    assert without == ["militia", "mercenary", "daesh", "houthi", "ansar_allah"]


def test_the_codebook_page_has_a_row_for_every_category():
    page = (Path(__file__).resolve().parents[1] / "docs" / "codebook_en.md").read_text(
        encoding="utf-8")
    rows = [line.split("|")[1].strip().strip("`") for line in page.splitlines()
            if line.startswith("| `")]
    assert rows == load_lexicon("default_en").category_ids


def test_same_categories_and_dimensions_as_the_arabic_default():
    """The 20 categories of codebook.md (the Arabic default without its Yemen war
    section), in the same order and dimensions, with the same labels and colours."""
    from test_codebook_yemen import YEMEN_CASES

    en, ar = load_lexicon("default_en"), load_lexicon("default")
    assert en.language == "en"
    shared = [c for c in ar.category_ids if c not in YEMEN_CASES]
    assert len(shared) == 20
    assert en.category_ids == shared
    for category in en.categories:
        arabic = ar.category(category.id)
        assert (category.dimension, category.label_en, category.label_ar, category.colour,
                category.stance) == (arabic.dimension, arabic.label_en, arabic.label_ar,
                                     arabic.colour, arabic.stance)
    ar_dims = {d.id: d for d in ar.dimensions}
    assert len(en.dimensions) == 6
    for dim in en.dimensions:
        assert (dim.label_en, dim.label_ar) == (ar_dims[dim.id].label_en,
                                                ar_dims[dim.id].label_ar)
        assert [c.id for c in dim.categories] == [
            c.id for c in ar_dims[dim.id].categories if c.id not in YEMEN_CASES]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(*p.values, marks=p.marks, id=f"{category}-{p.id}")
    for category, cases in ALL_CASES.items() for p in cases
])
def test_category(en_matcher, text, expected):
    assert _spans(en_matcher, text) == expected


@pytest.mark.parametrize(("text", "expected"), COUNTING_RULES)
def test_counting_rule(en_matcher, text, expected):
    assert _spans(en_matcher, text) == expected


@pytest.mark.parametrize(("text", "expected"),
                         OUTLET_STYLE + OUTLET_SENTENCES + EDGE_PHRASES + PARAGRAPHS)
def test_outlet_style_sentence(en_matcher, text, expected):
    assert _spans(en_matcher, text) == expected


def test_en_dash_compounds_read_as_hyphenated(en_matcher):
    # typesetting writes compounds with an en dash too (anti–regime, regime–change)
    assert _spans(en_matcher, "anti–regime protests and calls for regime–change") == []
    assert _spans(en_matcher, "the rebel–held east") == [("rebel", "rebel")]


# -- the English development set ----------------------------------------------------------

def _english_gold(folder: Path) -> tuple[dict[str, str], dict[str, list[dict]]]:
    data = json.loads((folder / "english.json").read_text(encoding="utf-8"))
    spans = {doc["doc_id"]: doc["spans"] for doc in data["docs"]}
    texts = {d: (folder / f"{d}.txt").read_text(encoding="utf-8") for d in spans}
    return texts, spans


def _place(text: str, span: dict) -> tuple[int, int]:
    """Where a coded span stands: its context's one occurrence, its text within it."""
    context = span["context"]
    assert text.count(context) == 1, span
    start = text.index(context) + context.index(span["text"])
    return start, start + len(span["text"])


def test_english_dev_articles_exactly(english_dev_dir, en_matcher):
    """Every coded span is found where it stands, as written, and nothing else is."""
    texts, gold = _english_gold(english_dev_dir)
    assert len(texts) == 5
    for doc_id, text in texts.items():
        expected = sorted((*_place(text, s), s["text"], s["category"]) for s in gold[doc_id])
        found = sorted((h.start, h.end, h.surface, h.category) for h in en_matcher.find(text))
        assert found == expected, doc_id
    assert sum(map(len, gold.values())) == 67


def test_english_dev_counts_score_perfectly(english_dev_dir, en_matcher):
    texts, gold = _english_gold(english_dev_dir)
    gold_counts = [(d, c, n) for d, spans in gold.items()
                   for c, n in Counter(s["category"] for s in spans).items()]
    gold_table = pd.DataFrame(gold_counts, columns=["doc_id", "category", "gold"])
    counts, _ = score(texts, en_matcher, progress=False)
    report = compare_counts(counts, gold_table)
    assert report.loc["micro", "tp"] == 67
    assert report.loc["micro", "fp"] == 0 and report.loc["micro", "fn"] == 0


# -- passages coded blind -------------------------------------------------------------------

BLIND = Path(__file__).parent / "data"


@pytest.mark.parametrize(("name", "n_spans"), [
    # 40 clean passages in the manner of 23 outlets
    ("english_blind_passages.json", 457),
    # 40 messy ones: live blogs, captions, tweets, capitals headlines, communiqués
    ("english_blind_passages_2.json", 487),
])
def test_passages_coded_blind_are_reproduced(name, n_spans):
    """Passages coded from the codebook alone, before the lexicon was run on them."""
    data = json.loads((BLIND / name).read_text(encoding="utf-8"))
    corpus = pd.DataFrame({"doc_id": [d["doc_id"] for d in data["docs"]],
                           "text": [d["text"] for d in data["docs"]]})
    counts = framing.score(corpus, {"en": "default_en"}, progress=False).counts
    gold = pd.DataFrame([(d["doc_id"], s["category"]) for d in data["docs"]
                         for s in d["spans"]], columns=["doc_id", "category"])
    gold = gold.groupby(["doc_id", "category"]).size().rename("gold").reset_index()
    table = compare_counts(counts, gold)
    assert table.loc["micro", "n_gold"] == n_spans
    assert table.loc["micro", "f1"] == 1.0, table[(table["fp"] > 0) | (table["fn"] > 0)]
