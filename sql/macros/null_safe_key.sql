{#
  A surrogate key from several columns: md5 of the parts joined by '|'.
  Unlike md5(concat_ws('|', ...)), which skips a NULL part (so ('a', NULL, 'b')
  and ('a', 'b', NULL) collide), each NULL becomes the marker \N, and a
  backslash or '|' inside a value is escaped, so no value can pass for a marker
  or a delimiter. Keys of parts without NULL, '|' or '\' are unchanged.
#}
{% macro null_safe_key(columns) -%}
    md5(concat_ws('|'
    {%- for column in columns -%}
        , coalesce(replace(replace(cast({{ column }} as varchar), '\', '\\'), '|', '\|'), '\N')
    {%- endfor -%}
    ))
{%- endmacro %}
