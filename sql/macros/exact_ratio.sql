{#
  round(numerator * factor / denominator, scale) computed exactly, as a DECIMAL.

  DuckDB computes decimal / decimal as DOUBLE, so a money ratio would round a
  binary approximation (1.005 → 1.00). Here both operands become integers
  (units of 10^-6: every money and rate column is DECIMAL(20, 6) or an integer
  count), the quotient is an integer division with half-up rounding (half away
  from zero, like round()), the sign applied after, and the result is scaled
  back by an exact decimal multiplication. A NULL operand or a zero
  denominator gives NULL.

  numerator, denominator: SQL expressions of DECIMAL (scale ≤ 6) or integer type
  scale: the digits kept after the point; factor: an integer multiplier (100 for %)
  type: the declared result type, DECIMAL(18, scale) by default
#}
{% macro exact_ratio(numerator, denominator, scale, factor=1, type=none) -%}
    {%- set n = micro_units(numerator) -%}
    {%- set d = micro_units(denominator) -%}
    {%- set step = '1' if scale == 0 else '0.' ~ ('0' * (scale - 1)) ~ '1' -%}
    (case when {{ d }} <> 0 then cast(
        cast(sign({{ n }}) * sign({{ d }})
             * ((2 * abs({{ n }}) * {{ factor * 10 ** scale }} + abs({{ d }})) // (2 * abs({{ d }})))
             as decimal(38, 0))
        * cast({{ step }} as decimal({{ scale + 1 }}, {{ scale }}))
        as {{ type or 'decimal(18, ' ~ scale ~ ')' }}) end)
{%- endmacro %}

{# An exact number as a HUGEINT count of millionths. #}
{% macro micro_units(expression) -%}
    cast(cast(({{ expression }}) as decimal(38, 6)) * 1000000 as hugeint)
{%- endmacro %}
