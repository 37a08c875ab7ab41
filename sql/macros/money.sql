{# The warehouse's money type: amounts in 万元, exact to six decimals (a figure printed in 元 with fen
   stays exact). The lake writes the same type: pipeline/extract/frames.py MONEY. #}
{% macro money() -%}
    decimal(20, 6)
{%- endmacro %}
