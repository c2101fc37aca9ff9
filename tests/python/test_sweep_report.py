"""What a user reads in the report on a many-model ParEval sweep: sentence rules fed small mart rows
(issue 14's review of the rendered sweep report). Expected values are written out by hand."""

from __future__ import annotations

from typing import Any

from reporting import findings, ranks
from reporting.marts import MartData
from reporting.sections import limitations


def _data(**tables: list[dict[str, Any]]) -> MartData:
    return MartData(success_rates=[], dataset_card={}, data_audit=[], tables=tables)  # type: ignore[arg-type]


def _curve(n_procs: int | None, n_threads: int | None, n_problems: int = 5) -> dict[str, Any]:
    return {"model_name": "m", "n_procs": n_procs, "n_threads": n_threads, "n_problems": n_problems}


def test_scaling_limitation_19_column_file_says_2_and_4() -> None:
    data = _data(fct_scaling=[{"procs": 2, "n": 10}, {"procs": 4, "n": 8}])
    item = limitations.scaling_limitation(data)
    assert item is not None
    assert item[0] == "MPI scaling was measured at 2 and 4 processes only."


def test_scaling_limitation_absent_when_curves_reach_512() -> None:
    # A ParEval run list: fct_scaling is empty (no speedup_<n>proc columns), the curves span 1-512.
    curves = [_curve(p, None) for p in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)]
    curves += [_curve(None, t) for t in (1, 2, 4, 8, 16, 32, 64)]
    empty = [{"procs": 2, "n": 0}, {"procs": 4, "n": 0}]
    data = _data(fct_scaling=empty, fct_scaling_curves=curves)
    assert limitations.scaling_limitation(data) is None


def test_scaling_limitation_counts_from_curves_when_short_of_512() -> None:
    curves = [_curve(p, None) for p in (1, 2, 8)] + [_curve(16, None, n_problems=0)]
    data = _data(fct_scaling=[], fct_scaling_curves=curves)
    item = limitations.scaling_limitation(data)
    assert item is not None
    assert item[0] == "MPI scaling was measured at 2 and 8 processes only."


def test_scaling_limitation_absent_without_any_scaling() -> None:
    assert limitations.scaling_limitation(_data(fct_scaling=[{"procs": 2, "n": 0}])) is None


def _pair(a: str, b: str, diff: float, significant: bool) -> list[dict[str, Any]]:
    # fct_pairwise_comparisons holds each pair in both directions (3 models: 3 pairs, 6 rows).
    common = {"metric": "pass", "scope": "all", "significant": significant, "n_comparisons": 3}
    return [
        {**common, "model_name": a, "other_model_name": b, "diff": diff},
        {**common, "model_name": b, "other_model_name": a, "diff": -diff},
    ]


def test_one_tier_with_separated_pairs_does_not_say_no_group_is_separated() -> None:
    # A continuum: a~b and b~c overlap, a > c is significant, so no clean cut exists (one tier)
    # while 1 of the 3 pairs differs.
    pairs = _pair("a", "b", 0.05, False) + _pair("b", "c", 0.05, False) + _pair("a", "c", 0.2, True)
    data = _data(fct_pairwise_comparisons=pairs)
    sentence = findings.tier_meaning(data, {"n_tiers": 1})
    assert "although 1 of 3 pairs of models differ significantly" in sentence
    assert "separate no" not in sentence


def test_one_tier_without_separated_pairs_says_so() -> None:
    pairs = (
        _pair("a", "b", 0.05, False) + _pair("b", "c", 0.05, False) + _pair("a", "c", 0.1, False)
    )
    sentence = findings.tier_meaning(_data(fct_pairwise_comparisons=pairs), {"n_tiers": 1})
    assert sentence.endswith("the all-pairs tests separate no pair of models")


def test_tier_position_makes_no_claim_about_separation() -> None:
    row = {"tier": 1, "n_tiers": 1, "is_full_coverage": True}
    assert ranks.tier_position(row) == "tier 1 of 1"


def _budget_row(model: str, in_registry: bool, hosted: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "scope": "all", "budget_order": 7 if hosted else 1, "is_own_budget": True,
        "budget_label": "hosted (VRAM not published)" if hosted else "24 GB",
        "own_budget_label": "hosted (VRAM not published)" if hosted else "24 GB",
        "is_hosted_budget": hosted, "is_in_registry": in_registry, "model_name": model,
        "display_name": model, "is_reference_model": False, "position": 1, "tier": 1,
        "n_tiers": 1, "is_full_coverage": True, "is_dominated": False, "is_best_in_budget": True,
        "is_separated_from_best": False, "pass_rate": 0.5, "pass_ci_low": 0.4,
        "pass_ci_high": 0.6, "vram_gb": None, **extra,
    }  # fmt: skip


def test_model_not_in_registry_is_not_called_hosted() -> None:
    from reporting import budgets
    from reporting.sections import practical_applications as pa

    row = _budget_row("sweep-ckpt-005", in_registry=False)
    assert budgets.own_budget_label(row) == "not in the model registry (size and VRAM unknown)"
    assert "hosted" not in pa.scenario(row).lower()
    assert "not in the model registry" in pa.scenario(row)
    data = _data(fct_deployment_budgets=[row])
    sentences = budgets.best_per_budget(data)
    assert len(sentences) == 1
    assert "hosted" not in sentences[0].lower()
    assert sentences[0].startswith("Models not in the model registry")
    assert pa.registry_note(data) is not None and pa.registry_note(data).startswith("1 model is")


def test_registry_model_without_vram_is_still_hosted() -> None:
    from reporting import budgets
    from reporting.sections import practical_applications as pa

    row = _budget_row("Gemini Pro", in_registry=True)
    assert budgets.own_budget_label(row) == "hosted (VRAM not published)"
    assert pa.scenario(row) == "Hosted-API use where sending code to a third party is acceptable."
    assert pa.registry_note(_data(fct_deployment_budgets=[row])) is None


def _efficiency_row(model: str, vram: float | None) -> dict[str, Any]:
    pp = None if vram is None else 50.0 / vram
    return {
        "model_name": model, "display_name": model, "is_reference_model": model == "ref",
        "params_b": None, "quantization": None, "vram_gb": vram, "build_rate": 0.8,
        "pass_rate": 0.5, "n": 100, "build_pp_per_gb": pp, "pass_pp_per_gb": pp,
        "pass_efficiency_ratio_to_reference": None, "vram_ratio_to_reference": None,
        "size_band": "not in registry" if vram is None else "<= 16B",
    }  # fmt: skip


def test_efficiency_table_leaves_out_models_without_vram_and_counts_them() -> None:
    from reporting.sections import resource_efficiency as re_

    rows = [_efficiency_row("ref", 16.0)] + [_efficiency_row(f"ckpt-{i}", None) for i in range(3)]
    data = _data(fct_resource_efficiency=rows)
    (view,) = re_.efficiency_views(data)
    assert view.title == "Models with a VRAM figure"
    assert [r[0] for r in view.rows] == ["**ref**"]
    assert all(any(cell != "—" for cell in r[6:]) for r in view.rows)  # no all-dash row
    assert re_.efficiency_views(_data(fct_resource_efficiency=rows[1:])) == []


def _rate(model: str, rate: float, reference: bool = False) -> dict[str, Any]:
    return {"model_name": model, "display_name": model, "is_reference_model": reference,
            "scope": "all", "metric": "pass", "rate": rate}  # fmt: skip


def _scaling_point(model: str, procs: int) -> dict[str, Any]:
    return {"model_name": model, "parallelism_model": "mpi", "n_procs": procs, "n_threads": None,
            "resources": procs, "geometric_mean_speedup": procs ** 0.8, "ci_low": None,
            "ci_high": None, "n_problems": 5}  # fmt: skip


def test_scaling_chart_with_many_models_draws_reference_and_ends_by_pass() -> None:
    from reporting.sections import pareval_metrics as pm

    rates = {f"m{i:02d}": (i * 37 % 20) / 20 for i in range(20)}  # distinct rates, shuffled order
    rates["ref"] = 0.52
    data = MartData(
        success_rates=[_rate(m, r, m == "ref") for m, r in rates.items()],  # type: ignore[misc]
        dataset_card={},  # type: ignore[arg-type]
        data_audit=[],
    )
    curves = [_scaling_point(m, p) for m in rates for p in (1, 2, 512)]
    # expected, by hand: the others by pass rate, the 3 best and 3 worst, plus the reference
    others = sorted((m for m in rates if m != "ref"), key=lambda m: -rates[m])
    expected = sorted(["ref", *others[:3], *others[-3:]], key=lambda m: -rates[m])
    shown, caption = pm.curve_selection(data, curves)
    assert shown == expected
    assert caption is not None and caption.startswith("With 21 models, the chart draws 7:")

    figure = pm.pareval_figures(
        MartData(data.success_rates, {}, [], tables={"fct_scaling_curves": curves})  # type: ignore[arg-type]
    )[0]
    spec = figure.chart.to_dict()
    text = str(spec)
    assert "512" in text
    layers = spec["spec"]["layer"]
    colour = next(
        layer["encoding"]["color"] for layer in layers if "color" in layer.get("encoding", {})
    )
    assert len(colour["scale"]["domain"]) == 7
    assert len(set(colour["scale"]["range"])) == 7  # no colour used twice
    ref_label = next(x for x in colour["scale"]["domain"] if x.startswith("ref"))
    assert colour["scale"]["range"][colour["scale"]["domain"].index(ref_label)] == "#000000"
    x_axis = next(
        layer["encoding"]["x"]["axis"] for layer in layers if "x" in layer.get("encoding", {})
    )
    assert x_axis["values"][-1] == 512
    # the last tick keeps its label, centred (not dropped, not pushed onto 256)
    assert x_axis["labelOverlap"] is False and x_axis["labelFlush"] is False


def test_scaling_chart_with_few_models_draws_all_without_caption() -> None:
    from reporting.sections import pareval_metrics as pm

    rates = {"ref": 0.5, "a": 0.7, "b": 0.1}
    data = MartData([_rate(m, r, m == "ref") for m, r in rates.items()], {}, [])  # type: ignore[arg-type, misc]
    curves = [_scaling_point(m, p) for m in rates for p in (1, 4)]
    assert pm.curve_selection(data, curves) == (["a", "ref", "b"], None)


def test_runtime_and_speedup_order_is_reference_then_pass_rate() -> None:
    from reporting import tables
    from reporting.sections import runtime_performance as rp

    rates = {"alpha": 0.1, "beta": 0.9, "gamma": 0.5, "ref": 0.3, "delta": None}
    data = MartData(
        [_rate(m, r, m == "ref") for m, r in rates.items()],  # type: ignore[misc]
        {},  # type: ignore[arg-type]
        [],
    )
    rows = [
        {"model_name": m, "display_name": m, "is_reference_model": m == "ref"}
        for m in sorted(rates)
    ]
    order = tables.model_order(rows, {}, rp.pass_rates_of(data))
    # by hand: the reference, then 0.9, 0.5, 0.1, and the model without a rate last
    assert order == ["ref", "beta", "gamma", "alpha", "delta"]


def test_appendix_c_names_sections_by_their_headings_not_keys() -> None:
    from reporting import sections
    from reporting.sections import appendix_methods

    by_key = {
        s.key: appendix_methods.section_title(s) for part in sections.PARTS for s in part.SECTIONS
    }
    assert by_key["technical_runtime"] == "3.1 Runtime Performance Analysis"
    assert by_key["technical_generation"] == "3.2 Response Time and Token Efficiency"
    assert by_key["conclusions"] == "5. Conclusions"
    assert by_key["appendix_data_quality"] == "Appendix A. Data Quality"
    assert not any("_" in title for title in by_key.values())


def test_tier_chart_labels_have_their_own_column() -> None:
    import string

    from reporting import charts_statistics

    rows = [
        {"model_name": f"m{i}", "display_name": f"m{i}", "rate": 0.99 - i / 100,
         "rate_ci_low": 0.97 - i / 100, "rate_ci_high": 1.0, "tier": 1, "order_in_tier": i,
         "is_tiered": True, "confidence_level": 0.95, "rank_ci_low": 1, "rank_ci_high": 30,
         "is_full_coverage": True, "letters": string.ascii_letters[: i + 1], "n_tiers": 1}
        for i in range(30)
    ]  # fmt: skip
    figure = charts_statistics.tier_chart(rows, {"m3"})
    assert figure is not None
    spec = figure.chart.to_dict()
    plot, labels = spec["hconcat"]
    assert labels["mark"]["type"] == "text"
    # the longest label, "70.0% · abc…D · rank 1–30", at ≥ 6 px a character fits its column
    longest = max(len(f"{r['rate']:.1%} · {r['letters']} · rank 1–30") for r in rows)
    assert labels["width"] >= 6 * longest
    assert all(layer["mark"]["type"] != "text" for layer in plot["layer"])


def _reference_budget_row(model: str, order: int, **flags: Any) -> dict[str, Any]:
    return {
        "scope": "all",
        "model_name": model,
        "display_name": model,
        "is_reference_model": model == "ref",
        "budget_order": order,
        "budget_label": "24 GB",
        "vram_gb": 16.0,
        "position": order,
        "is_own_budget": True,
        "is_hosted_budget": False,
        "is_dominated": False,
        "is_best_in_budget": True,
        "is_separated_from_best": False,
        "is_full_coverage": True,
        "is_in_registry": True,
        **flags,
    }


def test_budget_finding_alone_in_its_budget_compares_with_none() -> None:
    """The reference alone within its VRAM budget (every other model lacks a VRAM figure) is not
    said to have 'the highest pass@1' there."""
    from reporting.sections import summary

    alone = _data(fct_deployment_budgets=[_reference_budget_row("ref", 1)])
    alone.dataset_card["reference_model_name"] = "ref"
    finding = summary.budget_finding(alone)
    assert finding is not None
    assert (
        "the reference is the only model, so this budget compares it with none" in finding.sentence
    )
    assert "highest pass@1" not in finding.sentence

    rival = _reference_budget_row("other", 1, is_own_budget=False, is_best_in_budget=False)
    shared = _data(fct_deployment_budgets=[_reference_budget_row("ref", 1), rival])
    shared.dataset_card["reference_model_name"] = "ref"
    finding = summary.budget_finding(shared)
    assert finding is not None and "the reference has the highest pass@1" in finding.sentence
    assert "other is not separated from it by the tests" in finding.sentence


def test_efficiency_finding_with_no_other_vram_figure_ranks_nothing() -> None:
    """'rank 1 of 1, on the efficiency frontier' is empty when the reference is the only model with
    a VRAM figure; the finding says no per-GB comparison can be made."""
    reference = {
        "model_name": "ref",
        "display_name": "ref",
        "is_reference_model": True,
        "vram_gb": 16.0,
        "pass_pp_per_gb": 2.5,
        "pass_efficiency_rank": 1,
        "n_models_with_vram": 1,
        "is_pass_frontier": True,
    }
    unknown = {**reference, "model_name": "x", "display_name": "x", "is_reference_model": False}
    unknown.update(vram_gb=None, pass_pp_per_gb=None, pass_efficiency_rank=None)
    finding = findings.efficiency_finding(_data(fct_resource_efficiency=[reference, unknown]))
    assert finding is not None
    assert finding.sentence.endswith(
        "it is the only model with known VRAM, so no per-GB comparison can be made."
    )
    assert "rank 1 of" not in finding.sentence and "frontier" not in finding.sentence


def _validation_rate(n: int, low: float, high: float) -> dict[str, Any]:
    return {
        "metric": "valid_given_build",
        "scope": "all",
        "n": n,
        "display_name": "m",
        "model_name": "m",
        "is_reference_model": False,
        "wilson_low": low,
        "wilson_high": high,
    }


def test_small_sample_limitation_only_when_the_interval_is_wide() -> None:
    """'Small samples behind some rates' fires when the smallest validation count has a Wilson
    interval wider than 20 points (34 built attempts: [30.2, 62.6]), not for 834 ([45.1, 51.9])."""
    card = {
        "is_synthetic_sample": False,
        "max_samples_per_problem": 5,
        "parallelism_models": "serial",
    }

    def items(rate: dict[str, Any]) -> list[str]:
        data = MartData(success_rates=[rate], dataset_card=card, data_audit=[], tables={})  # type: ignore[arg-type]
        return [item[0] for item in limitations.limitations(data)]

    assert any(i.startswith("Small samples") for i in items(_validation_rate(34, 0.302, 0.626)))
    assert not any(
        i.startswith("Small samples") for i in items(_validation_rate(834, 0.451, 0.519))
    )


def test_architecture_note_names_unregistered_models_and_no_lineage_without_pairs() -> None:
    """Models absent from the registry are not 'unknown parameter counts' the registry describes,
    and with no derived-vs-base pair the note does not point to pairs 'above'."""
    from reporting.sections import research_theory

    def row(name: str, params: float | None, band: str) -> dict[str, Any]:
        return {
            "model_name": name,
            "display_name": name,
            "is_reference_model": name == "ref",
            "params_b": params,
            "active_params_b": params,
            "size_band": band,
            "pass_rate": 0.5,
            "n": 10,
        }

    rows = [row("ref", 7.0, "≤8B"), row("ckpt-2", None, "not in registry")]
    rows.append(row("ckpt-3", None, "not in registry"))
    data = _data(fct_resource_efficiency=rows, fct_derived_vs_base=[])
    note = research_theory.architecture_notes(data)[0]
    assert note.startswith(
        "The registry describes 1 dense model. 2 models are not in the registry, so their design "
        "is unknown (ckpt-2 and ckpt-3)."
    )
    assert "unknown parameter counts" not in note and "derived-vs-base" not in note
