{#
    normal_quantile(p) -- standard normal quantile (inverse CDF) z_p.

    Algorithm: Wichura (1988), Algorithm AS 241 "PPND16", Applied Statistics 37:477-484;
    coefficients as in R src/nmath/qnorm.c. With q = p - 1/2:
        |q| <= 0.425 : r = 0.180625 - q^2,              z = q * A(r) / B(r)
        otherwise    : r = sqrt(-ln(min(p, 1 - p)))
                       r <= 5 : z = sign(q) * C(r - 1.6) / D(r - 1.6)
                       r >  5 : z = sign(q) * E(r - 5) / F(r - 5)
    A..F are degree-7 polynomials (Horner form). Accuracy about 1e-16 relative
    (measured 7.9e-16 over p in [1e-12, 0.5), docs/statistics/quantiles.md).

    Returns NULL for NULL p or p outside (0, 1). Plain arithmetic only (sqrt, ln, sign,
    least), so no adapter dispatch is needed. The argument is repeated in the emitted
    SQL; pass a column or a short expression.

    _as241(q, r_central, r_tail): internal building block shared with t_quantile, where
    q = p - 1/2, r_central = 0.180625 - q^2 and r_tail = sqrt(-ln(min(p, 1 - p))) are
    already staged as columns.
#}
{% macro normal_quantile(p) -%}
    {%- set pp = '(cast(' ~ p ~ ' as double))' -%}
    {%- set q = '(' ~ pp ~ ' - 0.5)' -%}
    (case
        when {{ pp }} > 0 and {{ pp }} < 1 then
            {{ pareval_report._as241(
                q,
                '(0.180625 - ' ~ q ~ ' * ' ~ q ~ ')',
                '(sqrt(-ln(least(' ~ pp ~ ', 1 - ' ~ pp ~ '))))'
            ) }}
    end)
{%- endmacro %}

{% macro _as241(q, r_central, r_tail) -%}
    (case
        when abs({{ q }}) <= 0.425 then
            {{ q }} * (((((((cast(2509.0809287301226727 as double) * {{ r_central }}
                + 33430.575583588128105) * {{ r_central }} + 67265.770927008700853) * {{ r_central }}
                + 45921.953931549871457) * {{ r_central }} + 13731.693765509461125) * {{ r_central }}
                + 1971.5909503065514427) * {{ r_central }} + 133.14166789178437745) * {{ r_central }}
                + 3.387132872796366608)
            / (((((((cast(5226.495278852854561 as double) * {{ r_central }}
                + 28729.085735721942674) * {{ r_central }} + 39307.89580009271061) * {{ r_central }}
                + 21213.794301586595867) * {{ r_central }} + 5394.1960214247511077) * {{ r_central }}
                + 687.1870074920579083) * {{ r_central }} + 42.313330701600911252) * {{ r_central }}
                + 1.0)
        when {{ r_tail }} <= 5 then
            sign({{ q }}) * (((((((cast(7.7454501427834140764e-4 as double) * ({{ r_tail }} - 1.6)
                + 0.0227238449892691845833) * ({{ r_tail }} - 1.6) + 0.24178072517745061177) * ({{ r_tail }} - 1.6)
                + 1.27045825245236838258) * ({{ r_tail }} - 1.6) + 3.64784832476320460504) * ({{ r_tail }} - 1.6)
                + 5.7694972214606914055) * ({{ r_tail }} - 1.6) + 4.6303378461565452959) * ({{ r_tail }} - 1.6)
                + 1.42343711074968357734)
            / (((((((cast(1.05075007164441684324e-9 as double) * ({{ r_tail }} - 1.6)
                + 5.475938084995344946e-4) * ({{ r_tail }} - 1.6) + 0.0151986665636164571966) * ({{ r_tail }} - 1.6)
                + 0.14810397642748007459) * ({{ r_tail }} - 1.6) + 0.68976733498510000455) * ({{ r_tail }} - 1.6)
                + 1.6763848301838038494) * ({{ r_tail }} - 1.6) + 2.05319162663775882187) * ({{ r_tail }} - 1.6)
                + 1.0)
        else
            sign({{ q }}) * (((((((cast(2.01033439929228813265e-7 as double) * ({{ r_tail }} - 5)
                + 2.71155556874348757815e-5) * ({{ r_tail }} - 5) + 0.0012426609473880784386) * ({{ r_tail }} - 5)
                + 0.026532189526576123093) * ({{ r_tail }} - 5) + 0.29656057182850489123) * ({{ r_tail }} - 5)
                + 1.7848265399172913358) * ({{ r_tail }} - 5) + 5.4637849111641143699) * ({{ r_tail }} - 5)
                + 6.6579046435011037772)
            / (((((((cast(2.04426310338993978564e-15 as double) * ({{ r_tail }} - 5)
                + 1.4215117583164458887e-7) * ({{ r_tail }} - 5) + 1.8463183175100546818e-5) * ({{ r_tail }} - 5)
                + 7.868691311456132591e-4) * ({{ r_tail }} - 5) + 0.0148753612908506148525) * ({{ r_tail }} - 5)
                + 0.13692988092273580531) * ({{ r_tail }} - 5) + 0.59983220655588793769) * ({{ r_tail }} - 5)
                + 1.0)
    end)
{%- endmacro %}
