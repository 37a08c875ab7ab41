{#
  Per-document tables built incrementally: a build that starts from a copy of
  the published warehouse (pipeline/load/warehouse.py does so when the lake
  version, reference tables, models and libraries are the ones it was built
  with) deletes the rows of documents no longer upstream and appends those of
  documents it lacks. A document's rows depend only on its doc_id (content and
  file name) under that basis, so the rows kept are the rows a full build would
  make. On a fresh file every row is built.

  A model uses both: in its config, pre_hook=drop_documents_gone(upstream), and
  in its WHERE, documents_not_built('its doc_id expression').
#}
{% macro documents_not_built(doc_id) -%}
    {%- if is_incremental() -%}
        {{ doc_id }} not in (select doc_id from {{ this }} where doc_id is not null)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro drop_documents_gone(upstream) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where doc_id in (select doc_id from {{ this }} except select doc_id from {{ upstream }})
    {%- endif -%}
{%- endmacro %}
