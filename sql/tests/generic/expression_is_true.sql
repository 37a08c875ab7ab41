{# Every row (of those the test's `where` keeps) satisfies the SQL expression. #}
{% test expression_is_true(model, expression) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}
