"""The bench/crawl site: article pages in Chinese (every fifth in GBK), list pages linking 100
articles each (or `per_list`), an RSS feed of the newest 100 and a robots.txt. Returns what
each page holds, so both crawlers' output can be checked."""
import os
import random

WORDS = (
    "经济 发展 城市 建设 项目 投资 企业 市场 政府 会议 教育 学校 学生 医院 健康 交通 铁路 "
    "公路 农业 农民 科技 创新 产业 工业 文化 旅游 环境 保护 能源 电力 金融 银行 服务 社会 "
    "人民 群众 工作 领导 干部 改革 开放 合作 国际 新闻 记者 报道 今年 去年 全市 全省 全国 "
    "计划 完成 增长 提高 推进 实施 加快 重点 工程 开工 总投资 亿元 万元 百分之 同比 显著 "
    "居民 社区 生活 安全 质量 标准 管理 制度 政策 措施 活动 举办 参加 表示 指出 强调"
).split()
SOURCES = ["淄博日报", "齐鲁晚报", "大众日报", "人民日报", "新华社"]


def paragraph(rng, chars):
    text = ""
    while len(text) < chars:
        text += "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "，"
    return text[:chars - 1] + "。"


def make_site(root, pages, per_list=100):
    rng = random.Random(20240414)
    os.makedirs(os.path.join(root, "a"), exist_ok=True)
    os.makedirs(os.path.join(root, "list"), exist_ok=True)
    manifest = {}
    for i in range(pages):
        gbk = i % 5 == 0
        charset = "gbk" if gbk else "utf-8"
        # About 15 KB on the wire either way: 2 bytes a character in GBK, 3 in UTF-8.
        per_page_chars = 7200 if gbk else 4800
        paragraphs = [paragraph(rng, 300) for _ in range(per_page_chars // 300)]
        title = f"第{i}号新闻：" + "".join(rng.choice(WORDS) for _ in range(4))
        time = f"2024-04-{1 + i % 28:02d} {8 + i % 12:02d}:{i % 60:02d}"
        source = SOURCES[i % len(SOURCES)]
        html = (
            f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{title}</title>'
            f'</head>\n<body><div class="nav"><a href="/list/0.html">首页</a></div>\n'
            f'<article><h1 class="title">{title}</h1>\n<div class="meta"><span class="time">'
            f'{time}</span> <span class="source">来源：{source}</span></div>\n'
            f'<div class="content">\n' + "\n".join(f"<p>{p}</p>" for p in paragraphs) +
            "\n</div></article></body></html>\n"
        )
        with open(os.path.join(root, "a", f"{i}.html"), "wb") as f:
            f.write(html.encode("gbk" if gbk else "utf-8"))
        manifest[f"/a/{i}.html"] = {"title": title, "time": time, "source": source,
                                    "first": paragraphs[0], "charset": charset}
    # bench/scale asks for shorter lists: more sources to spread over its nodes.
    lists = (pages + per_list - 1) // per_list
    for k in range(lists):
        links = "\n".join(f'<li><a href="/a/{i}.html">第{i}号新闻</a></li>'
                          for i in range(k * per_list, min(pages, (k + 1) * per_list)))
        with open(os.path.join(root, "list", f"{k}.html"), "w", encoding="utf-8") as f:
            f.write(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>列表 {k}</title>'
                    f'</head><body><ul class="articles">\n{links}\n</ul></body></html>\n')
    items = "".join(f"<item><title>第{i}号新闻</title><link>__BASE__/a/{i}.html</link></item>"
                    for i in range(max(0, pages - 100), pages))
    with open(os.path.join(root, "feed.xml.in"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>新闻</title>{items}</channel></rss>\n")
    with open(os.path.join(root, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /private/\n")
    return manifest, lists
