// The one line every page shows about the whole site, kept out of the pages:
// a page is rewritten only when its own data changes.
document.getElementById("site-info").textContent = {{ (file_count ~ " 个文件 · 仓库构建于 " ~ built_at.strftime("%Y-%m-%d %H:%M")) | tojson }};
