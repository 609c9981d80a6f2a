"""One row per written form, unit, approximation word and non-figure class.

Each sentence is written for this table in the style of a union newspaper;
the expected list is exhaustive: a figure missing from it is a false positive.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.figures import FigureContext, find_figures

E, OV, A, U = "exact", "over", "about", "under"

Row = tuple[str, str, str, str]

CASES: list[tuple[str, str, list[Row]]] = [
    # --- Arabic numerals: separators, stray spaces, decimals ---
    ("ar-plain", "活动当天共吸引86家企业参加招聘。", [("86家", "86", "家", E)]),
    ("ar-comma", "全区共有1,300名职工报名参赛。", [("1,300名", "1300", "人", E)]),
    ("ar-fullwidth-comma", "当天共发放宣传资料1，300份。", [("1，300份", "1300", "份", E)]),
    ("ar-two-commas", "全年共筹集资金12,500,000元用于帮扶。", [("12,500,000元", "12500000", "元", E)]),
    ("ar-space-wan", "全市参保职工达 46.37 万人次，创历史新高。", [("46.37 万人次", "463700", "人次", E)]),
    ("ar-space-unit", "为 1260 名困难职工送去慰问品。", [("1260 名", "1260", "人", E)]),
    ("ar-decimal-wan-yuan", "发放互助金 9897.25 万元。", [("9897.25 万元", "98972500", "元", E)]),
    ("ar-decimal-yi", "历年累计发放互助金33.6亿元。", [("33.6亿元", "3360000000", "元", E)]),
    ("ar-three-decimals", "受益职工达4.128万人次。", [("4.128万人次", "41280", "人次", E)]),
    ("ar-small", "每人可领取1份保障。", [("1份", "1", "份", E)]),
    ("ar-wan-no-space", "共组织3.5万名职工参加健步走活动。", [("3.5万名", "35000", "人", E)]),
    ("ar-qian", "发放消费券5千张。", [("5千张", "5000", "张", E)]),
    ("ar-yi-yuan", "项目总投资1.2亿元。", [("1.2亿元", "120000000", "元", E)]),
    ("ar-qianwan", "省总工会统筹安排3千万元用于送温暖。", [("3千万元", "30000000", "元", E)]),
    ("ar-baiwan", "筹集善款5百万元。", [("5百万元", "5000000", "元", E)]),
    ("ar-big-int", "当年收取会费2345678元。", [("2345678元", "2345678", "元", E)]),
    ("ar-wan-ren", "惠及职工25万人。", [("25万人", "250000", "人", E)]),
    ("ar-decimal-percent", "参保人数同比增长12.5%。", [("12.5%", "12.5", "%", E)]),
    ("ar-space-fen", "向产业工人赠送 1.5 万份保障。", [("1.5 万份", "15000", "份", E)]),
    ("ar-wan-hu", "走访慰问困难家庭1.2万户。", [("1.2万户", "12000", "户", E)]),
    # --- Chinese numerals ---
    ("cn-wan", "全市三万名职工参加了线上答题。", [("三万名", "30000", "人", E)]),
    ("cn-liangqian-yu", "两千余名志愿者走上街头。", [("两千余名", "2000", "人", OV)]),
    ("cn-yiwan-erqian", "本次活动共吸引一万二千人次参与。", [("一万二千人次", "12000", "人次", E)]),
    ("cn-yiwan-er", "现场吸引了一万二人次观看。", [("一万二人次", "12000", "人次", E)]),
    ("cn-baiyu", "百余名工会干部参加培训。", [("百余名", "100", "人", OV)]),
    ("cn-jin-liangwan", "近两万名快递员获赠保障。", [("近两万名", "20000", "人", A)]),
    ("cn-shuwan-yuan", "一场大病往往要花费数万元。", [("数万元", "10000", "元", OV)]),
    ("cn-shushi", "数十家企业派员参会。", [("数十家", "10", "家", OV)]),
    ("cn-jibai", "几百名骑手到场领取清凉包。", [("几百名", "100", "人", OV)]),
    ("cn-shiji", "十几位劳模走进校园。", [("十几位", "10", "人", OV)]),
    ("cn-ershi-duo", "二十多家单位联合发起倡议。", [("二十多家", "20", "家", OV)]),
    ("cn-wan-ming", "万名职工获赠体检套餐", [("万名", "10000", "人", E)]),
    ("cn-qianwan-zhigong", "互助保障已覆盖千万职工", [("千万职工", "10000000", "人", E)]),
    ("cn-baiwan-zhigong", "惠及百万职工的普惠服务正式上线", [("百万职工", "1000000", "人", E)]),
    ("cn-wuqian", "共收到五千份问卷。", [("五千份", "5000", "份", E)]),
    ("cn-yibailingwu", "一百零五名新会员集体宣誓。", [("一百零五名", "105", "人", E)]),
    ("cn-liangci", "符合条件的职工还可以再报销两次。", [("两次", "2", "次", E)]),
    ("cn-liangchang", "工会还举办了两场专场招聘会。", [("两场", "2", "场", E)]),
    ("cn-sanlun", "比赛共进行三轮角逐。", [("三轮", "3", "轮", E)]),
    ("cn-sanming-standalone", "三名获救职工被送往医院救治。", [("三名", "3", "人", E)]),
    ("cn-wuqi", "培训班已连续举办五期。", [("五期", "5", "期", E)]),
    ("cn-qianyu", "千余名职工参与了义务植树。", [("千余名", "1000", "人", OV)]),
    ("cn-wanyu", "万余名会员领取了观影券。", [("万余名", "10000", "人", OV)]),
    ("cn-shangwan-dianwu", "此次共计三点五万人次参与投票。", [("三点五万人次", "35000", "人次", E)]),
    # --- mixed Arabic + Chinese ---
    ("mix-wan-duo", "为2万多名外卖骑手送上清凉。", [("2万多名", "20000", "人", OV)]),
    ("mix-duo-wan", "省职工保障互助会拨出190多万元。", [("190多万元", "1900000", "元", OV)]),
    ("mix-space-wan-duo", "治疗费用 8 万多元，家庭难以承受。", [("8 万多元", "80000", "元", OV)]),
    ("mix-4.6wan", "全年补贴购买4.6万份保障。", [("4.6万份", "46000", "份", E)]),
    ("mix-wan-yu", "受益职工3万余人次。", [("3万余人次", "30000", "人次", OV)]),
    ("mix-yu-ming", "共有100余名教职工参加活动。", [("100余名", "100", "人", OV)]),
    ("mix-duo-ren", "劳模代表等40多人参加志愿服务。", [("40多人", "40", "人", OV)]),
    ("mix-duo-fu", "展览精选了100多幅优秀作品。", [("100多幅", "100", "幅", OV)]),
    ("mix-yu-ren", "干部职工30余人参与植树。", [("30余人", "30", "人", OV)]),
    ("mix-1.5wan", "向新业态劳动者赠送1.5万份保障。", [("1.5万份", "15000", "份", E)]),
    ("mix-qian-duo-wan", "共筹集一千多万元帮扶资金。", [("一千多万元", "10000000", "元", OV)]),
    ("mix-typo-yuan-wan-yuan", "当年发放互助金299.83元万元。", [("299.83元万元", "2998300", "元", E)]),
    ("mix-yi-duo", "累计筹集资金1亿多元。", [("1亿多元", "100000000", "元", OV)]),
    # --- percentages ---
    ("pct-ascii", "住院费用第一次报销80%。", [("80%", "80", "%", E)]),
    ("pct-fullwidth", "会员满意度达到98％。", [("98％", "98", "%", E)]),
    ("pct-decimal", "参保人次同比增长79.72%。", [("79.72%", "79.72", "%", E)]),
    ("pct-cn", "百分之八十的受访职工表示满意。", [("百分之八十", "80", "%", E)]),
    ("pct-cn-arabic", "建会率提升至百分之95。", [("百分之95", "95", "%", E)]),
    ("pct-headline-zeng", "参保数增80%", [("80%", "80", "%", E)]),
    ("pct-points", "入会率提高了3.5个百分点。", [("3.5个百分点", "3.5", "百分点", E)]),
    ("pct-about", "新就业形态劳动者约占60%。", [("约占60%", "60", "%", A)]),
    # --- units ---
    ("unit-yuan", "每名困难职工可获得慰问金500元。", [("500元", "500", "元", E)]),
    ("unit-wanyuan", "市总工会安排100万元专项资金。", [("100万元", "1000000", "元", E)]),
    ("unit-yiyuan", "向职工发放互助金20.1亿元。", [("20.1亿元", "2010000000", "元", E)]),
    ("unit-kuai", "一份盒饭只要15块。", [("15块", "15", "元", E)]),
    ("unit-kuaiqian", "每张票补贴10块钱。", [("10块钱", "10", "元", E)]),
    ("unit-kuai-board", "现场竖起3块展板。", []),
    ("unit-ren", "共有20812人获赠保障。", [("20812人", "20812", "人", E)]),
    ("unit-ming", "慰问货车司机200名。", [("200名", "200", "人", E)]),
    ("unit-wei", "12位劳模工匠受邀宣讲。", [("12位", "12", "人", E)]),
    ("unit-renci", "全年服务职工67369人次。", [("67369人次", "67369", "人次", E)]),
    ("unit-ren-paren-ci", "驿站累计接待户外劳动者3200人(次)。", [("3200人(次)", "3200", "人次", E)]),
    ("unit-ren-fullparen-ci", "驿站全年接待1.2万人（次）。", [("1.2万人（次）", "12000", "人次", E)]),
    ("unit-hu", "为86户困难家庭送去年货。", [("86户", "86", "户", E)]),
    ("unit-fen", "发放礼品200份。", [("200份", "200", "份", E)]),
    ("unit-jia", "共有62家企业进场招聘。", [("62家", "62", "家", E)]),
    ("unit-ge", "受惠的企业工会达35个。", [("35个", "35", "个", E)]),
    ("unit-chang", "开展巡回宣讲33场。", [("33场", "33", "场", E)]),
    ("unit-ci", "全年开展安全检查126次。", [("126次", "126", "次", E)]),
    ("unit-lun", "活动设置3轮有奖问答。", [("3轮", "3", "轮", E)]),
    ("unit-qi", "今年已举办培训班12期。", [("12期", "12", "期", E)]),
    ("unit-pici", "分5批次组织职工疗休养。", [("5批次", "5", "批次", E)]),
    ("unit-jian", "收集职工意见建议156件。", [("156件", "156", "件", E)]),
    ("unit-xiang", "推出服务举措18项。", [("18项", "18", "项", E)]),
    ("unit-tiao", "围绕27条重点任务抓落实。", [("27条", "27", "条", E)]),
    ("unit-tai", "为驿站添置冰箱4台。", [("4台", "4", "台", E)]),
    ("unit-zhang", "发放观影券3000张。", [("3000张", "3000", "张", E)]),
    ("unit-fu", "展出书画作品80幅。", [("80幅", "80", "幅", E)]),
    ("unit-ke", "共种植柳树20棵。", [("20棵", "20", "棵", E)]),
    ("unit-ce", "书屋陈列藏书3.8万册。", [("3.8万册", "38000", "册", E)]),
    ("unit-zhi", "组建志愿服务队伍15支。", [("15支", "15", "支", E)]),
    ("unit-dui", "集体婚礼上共有36对新人喜结连理。", [("36对", "36", "对", E)]),
    ("unit-shuang", "为环卫工人送上防寒手套500双。", [("500双", "500", "双", E)]),
    ("unit-pian", "征集征文稿件240篇。", [("240篇", "240", "篇", E)]),
    ("unit-bei", "参保人数是去年的2倍。", [("2倍", "2", "倍", E)]),
    # --- approximation words ---
    ("ap-chao", "这次领回了超1300份保障。", [("超1300份", "1300", "份", OV)]),
    ("ap-chaoguo", "参与职工超过5000人。", [("超过5000人", "5000", "人", OV)]),
    ("ap-yu", "十年惠及逾31万人次。", [("逾31万人次", "310000", "人次", OV)]),
    ("ap-yishang", "百人以上企业须建立工会。", [("百人以上", "100", "人", OV)]),
    ("ap-arabic-yishang", "参赛选手在50人以上的赛区增设分会场。", [("50人以上", "50", "人", OV)]),
    ("ap-bushaoyu", "每个站点配备不少于3名工作人员。", [("不少于3名", "3", "人", OV)]),
    ("ap-yue", "活动吸引约300名职工参加。", [("约300名", "300", "人", A)]),
    ("ap-jin", "近400名求职者到场咨询。", [("近400名", "400", "人", A)]),
    ("ap-jiangjin", "此次活动将近2000人次参与。", [("将近2000人次", "2000", "人次", A)]),
    ("ap-zuoyou", "每场活动安排50人左右。", [("50人左右", "50", "人", A)]),
    ("ap-buzu", "个人自付部分不足500元。", [("不足500元", "500", "元", U)]),
    ("ap-budao", "参赛队伍不到10支。", [("不到10支", "10", "支", U)]),
    ("ap-yixia", "5000元以下的医疗费用直接报销。", [("5000元以下", "5000", "元", U)]),
    ("ap-gong-exact", "共吸引62家企业参加。", [("62家", "62", "家", E)]),
    ("ap-da-exact", "参保达20.82万人次。", [("20.82万人次", "208200", "人次", E)]),
    ("ap-zuijin-not-about", "最近3年，全市新建驿站120个。", [("120个", "120", "个", E)]),
    # --- ranges ---
    (
        "range-both-units",
        "补助标准从8500元到3万元不等。",
        [("8500元", "8500", "元", E), ("3万元", "30000", "元", E)],
    ),
    (
        "range-descending",
        "奖金分为5万元至5000元三档。",
        [("5万元", "50000", "元", E), ("5000元", "5000", "元", E)],
    ),
    ("range-shared-unit", "每组安排5至10人。", [("5", "5", "人", E), ("10人", "10", "人", E)]),
    ("range-hyphen", "每队限报8-12人。", [("8", "8", "人", E), ("12人", "12", "人", E)]),
    ("range-shared-wan", "单笔救助金额为3至5万元。", [("3", "30000", "元", E), ("5万元", "50000", "元", E)]),
    # --- durations: recognised, marked, or only scoping ---
    ("dur-baozhangqi", "保障期为3年。", [("3年", "3", "年", E)]),
    ("dur-yu-nian", "他深耕行业20余年。", [("20余年", "20", "年", OV)]),
    ("dur-months", "项目为期6个月。", [("6个月", "6", "个月", E)]),
    ("dur-days", "培训持续3天。", [("3天", "3", "天", E)]),
    ("dur-hours", "志愿者累计服务1200小时。", [("1200小时", "1200", "小时", E)]),
    ("dur-scope-nianlai", "十年来，全市累计参保98.19万人次。", [("98.19万人次", "981900", "人次", E)]),
    ("dur-scope-headline", "10年惠及逾31万人次", [("逾31万人次", "310000", "人次", OV)]),
    ("dur-scope-jian", "3年间共发放互助金2亿元。", [("2亿元", "200000000", "元", E)]),
    # --- not figures: dates and years ---
    ("nf-date", "10月11日，活动在工人文化宫举行。", []),
    ("nf-year", "该员工 2022 年被诊断为重病。", []),
    ("nf-year-range", "为2021—2024年新建工会的企业会员提供保障。", []),
    ("nf-year-start", "2025年年初，启动政策宣讲活动。", []),
    ("nf-year-range-zhi", "2014年至2024年，全市工会持续推进互助保障。", []),
    ("nf-date-range", "展期为3月5日—3月16日。", []),
    ("nf-niandai", "上世纪80年代建成的宿舍已完成改造。", []),
    # --- ages, clock times, phones, IDs, masthead ---
    ("nf-age", "今年58岁的老劳模仍坚守岗位。", []),
    ("nf-zhousui", "年满16周岁的职工均可报名。", []),
    ("nf-clock", "活动于上午9时30分开始。", []),
    ("nf-clock-colon", "咨询时间为9:00至17:30。", []),
    ("nf-phone", "咨询电话：0759-3388888。", []),
    ("nf-mobile", "报名请致电13800138000。", []),
    ("nf-cn-code", "统一刊号：CN44-0146", []),
    ("nf-post-code", "邮发代号：45-81", []),
    ("nf-masthead", "今日8版 总第5095期", []),
    ("nf-email", "投稿邮箱：su83865299@163.com", []),
    ("nf-grade", "三年级学生走进劳模工作室。", []),
    # --- ordinals and ranks ---
    ("nf-diyici", "第一次住院可报销，第二次住院同样可以报销。", []),
    ("nf-shoujia", "化州市首家工匠学院揭牌。", []),
    ("nf-quansheng-diyi", "两项指标均位居全省第一。", []),
    ("nf-diyidao", "筑牢困难帮扶的第一道防线。", []),
    ("nf-di-arabic", "第3期培训班顺利结业。", []),
    ("nf-erji", "二级巡视员出席会议。", []),
    ("nf-qian-rank", "该厂在评比中位列前3名。", []),
    # --- names, slogans, programme titles ---
    ("nf-sanzhong", "学习贯彻党的二十届三中全会精神。", []),
    ("nf-shibada", "认真贯彻中国工会十八大精神。", []),
    ("nf-jie-ci", "中山市总工会十六届八次全委会召开。", []),
    ("nf-559", "贯彻落实总“559”工作部署。", []),
    ("nf-baiqianwan", "助力“百千万工程”建设。", []),
    ("nf-baiqianwan-bare", "为百千万工程贡献工会力量。", []),
    ("nf-quoted-programme", "举办2025年“万名职工免费医疗互助保障”赠送仪式。", []),
    ("nf-programme-unquoted", "开展万名职工送保障活动。", []),
    ("nf-shisiwu", "总结“十四五”时期取得的成就。", []),
    ("nf-shiwuwu-bare", "谋划十五五时期工会工作。", []),
    ("nf-sannian-plan", "研究制定三年行动方案。", []),
    ("nf-baxiang", "深入贯彻中央八项规定精神。", []),
    ("nf-sige-jianchi", "以“四个坚持”推动工会融入大局。", []),
    ("nf-liangyou", "表彰“两优一先”先进集体。", []),
    ("nf-book-title", "学习《职工互助保障100问》读本。", []),
    ("nf-baichang-quoted", "“广东工会百场品质生活展示活动”走进供电局。", []),
    # --- anniversaries ---
    ("nf-shizhounian", "举行“工会二次医保”十周年总结交流活动。", []),
    ("nf-104zhounian", "中国共产党成立104周年之际。", []),
    ("nf-100zhounian", "庆祝中华全国总工会成立100周年。", []),
    # --- indefinite 一, reduplication, set phrases ---
    ("nf-yiwei", "我们公司一位员工被诊断为重病。", []),
    ("nf-yichang", "一场突如其来的意外让他骨折。", []),
    ("nf-yike", "这是一颗定心丸。", []),
    ("nf-yixiang", "把学习教育作为一项重大政治任务。", []),
    ("nf-yigege", "一个个萝卜板整齐排列。", []),
    ("nf-yifenfen", "送上一份份热气腾腾的火锅套餐。", []),
    ("nf-sanren-yizu", "干部职工三人一组、五人一群，分工合作。", []),
    ("nf-yipanqi", "树立全区一盘棋思想。", []),
    ("nf-bulou-yihu", "坚持不漏一户、不落一人。", []),
    ("nf-qianjia-wanhu", "把温暖送进千家万户。", []),
    ("nf-erci-yibao", "推广工会二次医保，开展二次协商。", []),
    ("nf-sandong-place", "活动在三栋镇总工会驿站开展。", []),
    # --- re-counts of items named alongside ---
    ("nf-sige-fangmian", "从源头预防、专业调解、协商调解、集体协调四个方面作了介绍。", []),
    ("nf-sange-fangmian", "温文星从三个方面作了辅导。", []),
    ("nf-liangjia-de", "调研组详细了解了两家企业的性质和经营状况。", []),
    ("nf-liangjia-jun", "两家公司法人代表均表示有意愿成立工会。", []),
    ("nf-lianglei", "工作重点向产业工人和新就业形态劳动者两类群体倾斜。", []),
    (
        "nf-liangjia-next-clause",
        "慰问组先后来到某某包装有限公司和某某电子有限公司，两家企业近300名职工领到慰问品。",
        [("近300名", "300", "人", A)],
    ),
    ("nf-liangxiang-jun", "两项核心指标增幅均位居全省前列。", []),
    ("keep-arabic-list", "顺丰、美团、滴滴出行等10家头部平台代表参加活动。", [("10家", "10", "家", E)]),
    # --- later additions: vocabulary extensions ---
    ("unit-changci", "全年开展送温暖活动1200余场次。", [("1200余场次", "1200", "场次", OV)]),
    ("ap-shang-qian", "上千名职工代表通过视频参会。", [("上千名", "1000", "人", OV)]),
    ("ap-xianshang-not-over", "活动在线上万人同步观看。", [("万人", "10000", "人", E)]),
    ("nf-qianren-dahui", "工会组织千人健步走活动。", []),
    ("keep-baiming-canjia", "百名职工参加健步走活动。", [("百名", "100", "人", E)]),
    ("nf-qianren-yimian", "服务不能千人一面。", []),
    ("nf-sanqi-gongcheng", "该项目三期工程已于3月启动。", []),
    ("nf-shinian-mojian", "十年磨一剑，终成大国工匠。", []),
    ("nf-bainian-daji", "职工教育是百年大计。", []),
    ("nf-per-denominator", "全市每万名职工拥有驿站3.5个。", [("3.5个", "3.5", "个", E)]),
    ("nf-every-years", "每3年评选一次。", []),
    ("nf-tel-hotline", "咨询热线：020-12351，或拨打12351。", []),
    # --- headlines ---
    ("hl-62jia", "广州市从化区总工会 组织62家企业揽才", [("62家", "62", "家", E)]),
    ("hl-wanming", "佛山万名职工获赠免费医疗互助保障", [("万名", "10000", "人", E)]),
    ("hl-2wanming", "南海2万名新业态劳动者获赠“工会二次医保”", [("2万名", "20000", "人", E)]),
    # --- several figures in one sentence ---
    (
        "multi-three",
        "截至目前，已累计为3070.4万人次的职工提供互助保障，向78.3万人次职工发放互助金20.1亿元。",
        [
            ("3070.4万人次", "30704000", "人次", E),
            ("78.3万人次", "783000", "人次", E),
            ("20.1亿元", "2010000000", "元", E),
        ],
    ),
    (
        "multi-rate",
        "每人1份，每份80元，保障期为3年。",
        [("1份", "1", "份", E), ("80元", "80", "元", E), ("3年", "3", "年", E)],
    ),
    (
        "multi-paragraphs",
        "今年，省总工会投入6000万元。\n截至6月，全省参保5292.79万人次。",
        [("6000万元", "60000000", "元", E), ("5292.79万人次", "52927900", "人次", E)],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), [pytest.param(s, e, id=i) for i, s, e in CASES])
def test_figure_table(sentence: str, expected: list[Row]) -> None:
    figures = find_figures(sentence)
    for f in figures:
        assert sentence[f.start : f.end] == f.text
        assert f.sentence and f.text in f.sentence
    got = [(f.text, f.value, f.unit, f.approx) for f in figures]
    assert got == [(t, Decimal(v), u, a) for t, v, u, a in expected]


def test_table_is_large_and_unique() -> None:
    assert len(CASES) >= 150
    assert len({i for i, _, _ in CASES}) == len(CASES)


# --- meaning: cumulative, period, measure, per, duration ---

MEANING: list[tuple[str, str, str, dict[str, object]]] = [
    (
        "cum-leiji",
        "此次活动累计慰问货车司机200名，发放礼品200份。",
        "200份",
        {"cumulative": True, "period": None},
    ),
    (
        "cum-nianlai",
        "十年来，全市职工参保98.19万人次。",
        "98.19万人次",
        {"cumulative": True, "period": "十年来"},
    ),
    (
        "cum-jiezhi",
        "截至2025年6月，全省历年累计参保5292.79万人次。",
        "5292.79万人次",
        {"cumulative": True, "period": "截至2025年6月"},
    ),
    (
        "cum-yilai",
        "“工会二次医保”活动实施以来，省总工会累计投入资金5.53亿元。",
        "5.53亿元",
        {"cumulative": True, "period": "“工会二次医保”活动实施以来", "measure": "安排资金"},
    ),
    (
        "cum-year-range",
        "2014年至2024年，全市累计参加互助保障332.37万人次。",
        "332.37万人次",
        {"cumulative": True, "period": "2014年至2024年", "period_years": (2014, 2024), "measure": "参保人次"},
    ),
    ("cum-headline", "10年惠及逾31万人次", "逾31万人次", {"cumulative": True, "period": "10年"}),
    ("cum-yifugai", "广东工会“二次医保”已覆盖千万职工", "千万职工", {"cumulative": True}),
    (
        "single-year",
        "2025年，全市参保达20.82万人次，同比增长79.72%。",
        "79.72%",
        {"cumulative": False, "period": "2025年", "period_years": (2025, 2025), "measure": "同比增长"},
    ),
    (
        "single-carry-semicolon",
        "2025年，全市参保达20.82万人次；保费收入同比增长52.34%。",
        "52.34%",
        {"cumulative": False, "period": "2025年"},
    ),
    (
        "single-jinnian-resolved",
        "十年来，累计安排资金2504.4万元，今年更为劳动者赠送1.5万份保障。",
        "1.5万份",
        {"cumulative": False, "period": "今年", "period_years": (2024, 2024), "measure": "赠送份数"},
    ),
    (
        "single-qunian",
        "去年，集团职工申领理赔互助金203万元。",
        "203万元",
        {"cumulative": False, "period": "去年", "period_years": (2023, 2023), "measure": "受益总金额"},
    ),
    ("date-not-scope", "去年7月，他住院花费数万元。", "数万元", {"period": None, "cumulative": False}),
    ("mid-year-not-scope", "该员工2022年被诊断为重病，治疗费用8万多元。", "8万多元", {"period": None}),
    ("quannian", "据统计，全年完成补贴购买4.6万份。", "4.6万份", {"period": "全年", "cumulative": False}),
    ("per-fen", "每人1份，每份80元。", "80元", {"per": "份", "measure": "每份价格"}),
    ("per-ren", "每人1份，每份80元。", "1份", {"per": "人", "measure": "每人份数"}),
    ("per-slash", "补贴标准为600元/人/年。", "600元", {"per": "人/年"}),
    ("per-renjun", "会员人均受益300元。", "300元", {"per": "人"}),
    ("dur-flag", "保障期为3年。", "3年", {"is_duration": True, "measure": "保障期"}),
    ("measure-baoxiao", "第一次住院报销80%。", "80%", {"measure": "报销比例"}),
    ("measure-weiwen", "为1260名困难职工发放爱心慰问金126万元。", "126万元", {"measure": "慰问金"}),
    ("measure-canjia", "共120多人聆听宣讲。", "120多人", {"measure": "参加人数"}),
    ("measure-anpai", "省职工保障互助会从结余资金安排3000万元。", "3000万元", {"measure": "安排资金"}),
    ("measure-shouyi", "受益总金额8177.89万元。", "8177.89万元", {"measure": "受益总金额"}),
]


@pytest.mark.parametrize(
    ("sentence", "target", "fields"), [pytest.param(s, t, f, id=i) for i, s, t, f in MEANING]
)
def test_figure_meaning(sentence: str, target: str, fields: dict[str, object]) -> None:
    figures = [f for f in find_figures(sentence, FigureContext(issue_year=2024)) if f.text == target]
    assert figures, f"{target} not found"
    for name, value in fields.items():
        assert getattr(figures[-1], name) == value, name


def test_subject_normalisation() -> None:
    ctx = FigureContext(city="湛江市", province="广东省")
    text = (
        "十年来，全市职工参保98.19万人次；省总工会、湛江市总工会累计安排资金2504.4万元。"
        "省职工保障互助会拨出190多万元。"
    )
    subjects = [f.subject for f in find_figures(text, ctx)]
    assert subjects == ["湛江市", "广东省总工会、湛江市总工会", "广东省职工保障互助会"]


def test_field_is_passed_through() -> None:
    assert [f.field for f in find_figures("组织62家企业揽才", field="title")] == ["title"]
