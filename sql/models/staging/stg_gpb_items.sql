-- 一般公共预算财政拨款支出决算具体情况：每个功能分类项一行
create table staging.gpb_items as
select * from frame_gpb_items;

comment on table staging.gpb_items is '一般公共预算财政拨款支出（功能分类）明细：按文中所印，每项一行';
comment on column staging.gpb_items.doc_id is '文档标识';
comment on column staging.gpb_items.source_file is '源文件名';
comment on column staging.gpb_items.row_number is '文中顺序';
comment on column staging.gpb_items.class_code is '类代码（文中印出时）';
comment on column staging.gpb_items.class_name is '类名称（原文，去掉（类））';
comment on column staging.gpb_items.section_code is '款代码（文中印出时）';
comment on column staging.gpb_items.section_name is '款名称（原文，去掉（款））';
comment on column staging.gpb_items.item_code is '项代码（文中印出时）';
comment on column staging.gpb_items.item_name is '项名称（原文，去掉（项））';
comment on column staging.gpb_items.subject_code is '对照参考科目表得到的7位功能分类代码';
comment on column staging.gpb_items.amount_wan_yuan is '支出决算（万元）';
comment on column staging.gpb_items.completion_rate_pct is '完成预算比例（%）';
comment on column staging.gpb_items.budget_wan_yuan is '全年预算（万元，文中印出时）';
comment on column staging.gpb_items.section_path is '所在章节路径';
comment on column staging.gpb_items.evidence is '原文证据';
comment on column staging.gpb_items.evidence_start is '证据起始字符位置';
comment on column staging.gpb_items.evidence_end is '证据结束字符位置';
comment on column staging.gpb_items.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
