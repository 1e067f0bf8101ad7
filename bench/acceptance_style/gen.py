#!/usr/bin/env python3
"""Independent acceptance-style test set for the wage-arrears (欠薪) intake service.

Setting: 汝州市 (county-level city under 平顶山市, Henan).  Everything is invented.

usage: python3 gen.py [SEED=7] [OUTDIR=/tmp/w/accept/out]

writes OUTDIR/registry.csv (20,000 rows), OUTDIR/match_queries.jsonl (3,000),
OUTDIR/routing_cases.jsonl (600), prints a summary and validates the formats.
Standard library only; deterministic for a given seed.
"""
import sys, os, csv, json, random, re
from collections import defaultdict, Counter

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 7
OUT = sys.argv[2] if len(sys.argv) > 2 else '/tmp/w/accept/out'
R = random.Random(SEED)

N_REG, N_Q, N_RT = 20000, 3000, 600


def wchoice(pairs):
    tot = sum(w for _, w in pairs)
    x = R.random() * tot
    for it, w in pairs:
        x -= w
        if x <= 0:
            return it
    return pairs[-1][0]


# =====================================================================
# 1. static tables (all written for this generator)
# =====================================================================
COUNTY = '汝州市'
COUNTY_S = '汝州'
PREF = '平顶山市'
PREF_S = '平顶山'
TOWNSHIPS = [('煤山街道', '煤山'), ('风穴路街道', '风穴'), ('钟楼街道', '钟楼'), ('洗耳河街道', '洗耳河'),
             ('汝南街道', '汝南'), ('紫云路街道', '紫云'), ('寄料镇', '寄料'), ('温泉镇', '温泉'),
             ('临汝镇', '临汝'), ('小屯镇', '小屯'), ('杨楼镇', '杨楼'), ('蟒川镇', '蟒川'),
             ('庙下镇', '庙下'), ('陵头镇', '陵头'), ('大峪镇', '大峪'), ('夏店镇', '夏店'),
             ('焦村镇', '焦村'), ('王寨乡', '王寨')]
TW_FULL = [t for t, _ in TOWNSHIPS]
TW_STEM = dict(TOWNSHIPS)
TOWNS = [t for t in TW_FULL if not t.endswith('街道')]
STREETS = [t for t in TW_FULL if t.endswith('街道')]

# toneless pinyin, own table: 字号 character pool first, then chars only used for typos
PY_POOL_TXT = """宏hong 鸿hong 弘hong 泓hong 达da 大da 鑫xin 新xin 欣xin 馨xin 信xin 源yuan 元yuan
远yuan 原yuan 圆yuan 华hua 骅hua 桦hua 盛sheng 胜sheng 圣sheng 晟sheng 泰tai 太tai 隆long 龙long
瑞rui 锐rui 睿rui 祥xiang 翔xiang 利li 力li 立li 丽li 通tong 同tong 彤tong 恒heng 衡heng 亨heng
金jin 锦jin 晋jin 劲jin 成cheng 诚cheng 承cheng 丰feng 峰feng 锋feng 枫feng 嘉jia 佳jia 茂mao
荣rong 融rong 蓉rong 嵘rong 德de 发fa 兴xing 星xing 昌chang 畅chang 安an 泽ze 福fu 富fu 永yong
咏yong 辉hui 晖hui 汇hui 惠hui 慧hui 博bo 铂bo 宇yu 禹yu 誉yu 裕yu 豫yu 凯kai 恺kai 腾teng
滕teng 中zhong 众zhong 忠zhong 天tian 添tian 润run 闰run 旭xu 绪xu 煦xu 亿yi 义yi 益yi 艺yi
怡yi 海hai 盈ying 赢ying 英ying 鹰ying 俊jun 骏jun 峻jun 君jun 豪hao 浩hao 昊hao 皓hao 晨chen
辰chen 宸chen 明ming 铭ming 鸣ming 正zheng 政zheng 铮zheng 创chuang 合he 和he 禾he 顺shun
舜shun 民min 敏min 万wan 鼎ding 聚ju 巨ju 炬ju 坤kun 乾qian 千qian 谦qian 阳yang 扬yang
洋yang 光guang 广guang 东dong 栋dong 方fang 芳fang 美mei 佰bai 百bai 联lian 莲lian 振zhen
臻zhen 真zhen 耀yao 尧yao 伟wei 威wei 维wei 纬wei 航hang 宝bao 银yin 卓zhuo 越yue 悦yue
旺wang 祺qi 琪qi 启qi 帆fan 凡fan 捷jie 杰jie 康kang 宁ning 健jian 剑jian"""
PY_EXTRA_TXT = """红hong 洪hong 心xin 辛xin 缘yuan 化hua 花hua 升sheng 生sheng 历li 励li 铜tong 童tong
进jin 今jin 程cheng 风feng 封feng 加jia 容rong 得de 常chang 付fu 回hui 雨yu 语yu 开kai 终zhong
甜tian 序xu 意yi 迎ying 营ying 军jun 好hao 陈chen 尘chen 名ming 证zheng 河he 完wan 定ding
据ju 剧ju 昆kun 前qian 羊yang 冬dong 房fang 连lian 阵zhen 要yao 位wei 杭hang 报bao 音yin 桌zhuo
月yue 望wang 奇qi 旗qi 节jie 见jian 件jian 择ze 则ze 按an 法fa 波bo 伯bo 勇yong 涌yong
详xiang 样yang 降jiang 秦qin 毫hao 涧jian 汪wang 全quan 住zhu 字zi 夭yao 犬quan 朋peng 止zhi
氏shi 毕bi 戍shu 冒mao 剀kai 过guo 桓huan 傅fu 夫fu 车che 顿dun 几ji 先xian 含han 根gen
端duan 绵mian 挥hui 吴wu 呜wu 曜yao 叉cha 忆yi 唐tang 臣chen 咸xian"""


def _parse_py(txt):
    return {m.group(1): m.group(2) for m in re.finditer(r'([\u4e00-\u9fff])([a-z]+)', txt)}


PY_POOL = _parse_py(PY_POOL_TXT)
PY = dict(PY_POOL)
for _c, _p in _parse_py(PY_EXTRA_TXT).items():
    PY.setdefault(_c, _p)
POOL = list(PY_POOL.keys())

# look-alike (形近字) groups, own list
LOOK_TXT = ("隆降 泰秦 腾滕 辉挥 瑞端 祥样 锦绵 峰锋 豪毫 润涧 旺汪 金全 佳住 宇字 天夭 大太犬 明朋 "
            "正止 民氏 华毕 成戍 昌冒 凯剀 达过 盛盈 恒桓 博傅 万方 天夫 东车 顺顿 凡几 卓桌 洋详 银根 "
            "光先 合含 昊吴 鸣呜 耀曜 义叉 亿忆 康唐 巨臣 威咸 航杭 己已巳 未末 士土 日曰 人入 王玉 千干于")
LOOK = defaultdict(set)
for _g in LOOK_TXT.split():
    for _a in _g:
        for _b in _g:
            if _a != _b:
                LOOK[_a].add(_b)


def confusable_char(a, b):
    if a == b:
        return True
    if a in PY and b in PY and PY[a] == PY[b]:
        return True
    return b in LOOK.get(a, ())


def typo_subs(c):
    out = [x for x in PY if x != c and c in PY and PY[x] == PY[c]]
    out += [x for x in sorted(LOOK.get(c, ())) if x not in out]
    return out


def py_list(s):
    out = []
    for c in s:
        if c not in PY:
            return None
        out.append(PY[c])
    return out


def py_cat(s):
    p = py_list(s)
    return ''.join(p) if p else None


# simplified -> traditional (own table, business + colloquial vocabulary)
S2T_PAIRS = (
    "万萬与與专專业業丛叢东東丝絲两兩严嚴个個丰豐临臨为為丽麗举舉么麼义義乌烏乐樂乔喬习習乡鄉书書买買乱亂"
    "争爭亏虧云雲亚亞产產亩畝亲親亿億仅僅从從仓倉仪儀们們价價众眾优優伙夥会會伟偉传傳伤傷伦倫伪偽体體"
    "佣傭侠俠侣侶侦偵侧側侨僑俭儉债債倾傾偿償储儲儿兒兑兌党黨兰蘭关關兴興养養兽獸内內冈岡册冊写寫军軍"
    "农農冯馮冲衝决決况況冻凍净淨凉涼减減凑湊几幾凤鳳凭憑凯凱击擊刘劉则則刚剛创創删刪别別剂劑剑劍剧劇"
    "劝勸办辦务務动動励勵劲勁劳勞势勢勋勳区區医醫华華协協单單卖賣卢盧卫衛却卻厂廠厅廳历歷压壓厌厭县縣"
    "参參双雙发發变變叙敘叶葉号號叹嘆吓嚇吕呂吗嗎启啟吴吳员員呜嗚响響唤喚喷噴园園围圍图圖圆圓圣聖场場"
    "坏壞块塊坚堅坛壇坝壩坟墳垒壘垫墊执執扩擴扫掃扬揚扰擾抚撫抢搶护護报報担擔拟擬拥擁拦攔拨撥择擇挂掛"
    "挡擋挣掙挤擠挥揮捞撈损損换換据據摄攝摆擺摇搖携攜撑撐数數断斷无無旧舊时時旷曠显顯晋晉晒曬晓曉晕暈"
    "暂暫术術机機杀殺杂雜权權条條来來杨楊极極构構枪槍柜櫃标標栋棟树樹样樣档檔桥橋梦夢检檢楼樓欢歡欧歐"
    "岁歲归歸毁毀毕畢气氣汇匯汉漢汤湯沟溝没沒泪淚泽澤洁潔洒灑浅淺测測济濟浑渾涂塗涛濤润潤涨漲渐漸渔漁"
    "湾灣湿濕满滿滚滾灭滅灯燈灵靈灾災炉爐点點炼煉烂爛热熱焕煥爱愛爷爺牵牽犹猶状狀独獨狭狹献獻环環现現"
    "电電画畫畅暢疗療监監盖蓋盘盤着著矿礦码碼砖磚础礎确確礼禮祸禍离離种種积積称稱税稅稳穩穷窮窝窩竞競"
    "笔筆筑築签簽简簡粮糧紧緊纠糾红紅约約级級纪紀纬緯纯純纱紗纳納纵縱纷紛纸紙纹紋纺紡线線练練组組细細"
    "织織终終经經结結绕繞给給绝絕统統继繼绩績绪緒续續维維综綜绿綠缓緩编編缘緣缴繳网網罗羅罚罰罢罷职職"
    "联聯聪聰肃肅肠腸肤膚胀脹胜勝脑腦脚腳脸臉艺藝节節芦蘆苏蘇范範荣榮荐薦药藥获獲营營萧蕭蓝藍虑慮虽雖"
    "补補装裝见見观觀规規视視览覽觉覺计計订訂认認讨討让讓训訓议議讯訊记記讲講许許论論设設访訪证證评評"
    "识識诉訴诊診词詞译譯试試诗詩诚誠话話询詢该該详詳语語误誤说說请請诸諸读讀调調谁誰谈談谋謀谎謊谢謝"
    "谣謠贝貝负負贡貢财財责責贤賢败敗账賬货貨质質贩販贪貪贫貧购購贯貫贴貼贵貴贷貸费費贺賀资資赌賭赏賞"
    "赔賠赖賴赚賺赛賽赞贊赢贏赵趙赶趕跃躍践踐车車轨軌轮輪软軟轻輕载載较較辆輛辈輩辉輝输輸辖轄边邊达達"
    "迁遷过過运運还還这這进進远遠违違连連迟遲选選递遞遗遺邓鄧邮郵邻鄰郑鄭酱醬释釋针針钉釘钢鋼钱錢钟鐘"
    "铁鐵铝鋁铜銅铭銘铺鋪链鏈销銷锁鎖锅鍋锋鋒锦錦键鍵镇鎮长長门門闪閃闭閉问問闯闖间間闹鬧闻聞阁閣队隊"
    "阳陽阴陰阵陣阶階际際陆陸陈陳险險随隨隐隱难難静靜韦韋页頁顶頂项項顺順须須顾顧顿頓预預领領频頻题題"
    "颜顏风風飞飛饭飯饮飲饰飾饱飽饿餓馆館马馬驾駕驶駛驻駐验驗骗騙骏駿鱼魚鸟鳥鸡雞鸣鳴鸿鴻麦麥黄黃齐齊"
    "龙龍盐鹽录錄宁寧实實宝寶审審宫宮对對导導寻尋将將尔爾尽盡层層属屬岗崗岛島币幣师師带帶帮幫干幹并並"
    "广廣庄莊庆慶库庫应應庙廟开開异異弃棄张張弯彎弹彈强強当當彻徹径徑忆憶忧憂怀懷态態总總恋戀恶惡恼惱"
    "悬懸惊驚惯慣愤憤愿願懒懶戏戲战戰户戶扑撲托託捡撿摊攤敌敵斗鬥斩斬朴樸杰傑板闆栏欄桩樁毙斃泼潑浇澆"
    "浊濁涌湧渊淵温溫溃潰滨濱灿燦烛燭烟煙烦煩烧燒烫燙猪豬疯瘋盗盜瞒瞞碍礙竖豎笼籠筹籌类類纤纖纲綱纽紐"
    "绑綁绒絨绘繪绣繡络絡绳繩绵綿缝縫缩縮聋聾肿腫胁脅胶膠脏髒脱脫舰艦艰艱苍蒼荡蕩莲蓮蒋蔣虫蟲蚂螞衬襯"
    "袜襪袭襲触觸誉譽诈詐诱誘诺諾谊誼谓謂谦謙谨謹贸貿赁賃赠贈趋趨踪蹤轰轟辑輯辞辭辩辯迈邁迹跡适適遥遙"
    "郁鬱酿釀钩鉤钻鑽铃鈴铅鉛铲鏟银銀铸鑄错錯锤錘锯鋸锻鍛镜鏡闸閘阅閱阔闊陕陝隶隸雾霧韩韓顽頑颁頒颂頌"
    "颗顆饶饒饺餃饼餅驰馳驱驅骂罵骑騎鲁魯鲜鮮鸭鴨鹅鵝鹏鵬鹰鷹齿齒龄齡龚龔头頭处處备備划劃课課厨廚烩燴"
    "晖暉恺愷铮錚尧堯腾騰锐銳骅驊桦樺闰閏嵘嶸铂鉑剀剴锈鏽后後里裡台臺复復准準系係咨諮团團驴驢寿壽"
    "钻鑽卖賣续續纳納赵趙闯闖县縣乡鄉妈媽孙孫龟龜灶竈碱鹼烛燭矶磯泻瀉礼禮国國听聽够夠转轉绞絞奖獎惨慘妇婦"
    "俩倆窑窯宾賓页頁压壓搬搬")
S2T = {}
for _i in range(0, len(S2T_PAIRS) - 1, 2):
    _a, _b = S2T_PAIRS[_i], S2T_PAIRS[_i + 1]
    if _a != _b:
        S2T[_a] = _b
S2T_WORDS = {'模板': '模板', '木板': '木板', '联系': '聯繫', '公里': '公里', '烩面': '燴麵', '干净': '乾淨', '复杂': '複雜', '面条': '麵條',
             '拉面': '拉麵', '头发': '頭髮', '关系': '關係', '一面': '一面', '见面': '見面', '面子': '面子',
             '咨询': '諮詢', '里面': '裡面'}


def s2t(s):
    for k, v in S2T_WORDS.items():
        s = s.replace(k, '\x00' + v + '\x01')
    out, prot = [], False
    for ch in s:
        if ch == '\x00':
            prot = True
            continue
        if ch == '\x01':
            prot = False
            continue
        out.append(ch if prot else S2T.get(ch, ch))
    return ''.join(out)


# industry word, sector ('*' = anything; '*coal' = often coal), short words, trade class, weight
IND_TABLE = [
    ('建筑工程', 'construction', ['建筑', '建工'], 'build', 60),
    ('建筑劳务', 'construction', ['劳务', '建筑'], 'labor', 30),
    ('劳务分包', 'construction', ['劳务'], 'labor', 22),
    ('建设工程', 'construction', ['建设'], 'build', 22),
    ('建筑安装工程', 'construction', ['建安', '安装'], 'install', 12),
    ('装饰工程', 'construction', ['装饰', '装修'], 'decor', 22),
    ('建筑装饰工程', 'construction', ['装饰', '装修', '建筑'], 'decor', 10),
    ('防水工程', 'construction', ['防水'], 'waterproof', 8),
    ('钢结构工程', 'construction', ['钢结构'], 'steel', 8),
    ('路桥工程', 'construction', ['路桥'], 'road', 8),
    ('土石方工程', 'construction', ['土石方'], 'earth', 8),
    ('水利水电工程', 'construction', ['水利'], 'hydro', 5),
    ('幕墙工程', 'construction', ['幕墙'], 'curtain', 4),
    ('市政工程', 'construction', ['市政'], 'municipal', 8),
    ('房地产开发', 'construction', ['房地产', '地产'], 'estate', 10),
    ('置业', 'construction', ['置业'], 'estate', 8),
    ('煤业', 'coal', ['煤业'], 'coal', 10),
    ('矿业', 'coal', ['矿业'], 'coal', 6),
    ('煤炭洗选', 'coal', ['洗煤', '煤炭'], 'coalwash', 3),
    ('耐火材料', 'manufacturing', ['耐材', '耐火'], 'refractory', 16),
    ('汝瓷', 'manufacturing', ['汝瓷'], 'ceramic', 6),
    ('陶瓷', 'manufacturing', ['陶瓷'], 'ceramic', 5),
    ('机械制造', 'manufacturing', ['机械'], 'machinery', 12),
    ('铸造', 'manufacturing', ['铸造'], 'casting', 6),
    ('水泥制品', 'manufacturing', ['水泥'], 'cement', 6),
    ('新型建材', 'manufacturing', ['建材'], 'bmaterial', 10),
    ('服装', 'manufacturing', ['服装', '制衣'], 'garment', 10),
    ('食品', 'manufacturing', ['食品'], 'food', 10),
    ('纺织', 'manufacturing', ['纺织'], 'textile', 5),
    ('塑业', 'manufacturing', ['塑业', '塑料'], 'plastic', 5),
    ('包装材料', 'manufacturing', ['包装'], 'packaging', 5),
    ('家具', 'manufacturing', ['家具'], 'furniture', 6),
    ('物流', 'services', ['物流'], 'logistics', 22),
    ('运输', 'services', ['运输'], 'logistics', 12),
    ('餐饮管理', 'services', ['餐饮'], 'catering', 16),
    ('酒店管理', 'services', ['酒店'], 'hotel', 8),
    ('物业服务', 'services', ['物业'], 'property', 12),
    ('物业管理', 'services', ['物业'], 'property', 8),
    ('商贸', 'services', ['商贸'], 'trade', 22),
    ('家政服务', 'services', ['家政'], 'housekeeping', 6),
    ('保安服务', 'services', ['保安'], 'security', 6),
    ('劳务派遣', 'services', ['劳务', '派遣'], 'dispatch', 8),
    ('人力资源', 'services', ['人力'], 'hr', 6),
    ('汽车服务', 'services', ['汽车', '汽修'], 'auto', 6),
    ('广告传媒', 'services', ['广告', '传媒'], 'ad', 6),
    ('超市', 'services', ['超市'], 'retail', 6),
    ('保洁服务', 'services', ['保洁'], 'cleaning', 5),
    ('园林绿化工程', 'public_service', ['园林', '绿化'], 'greening', 10),
    ('环卫服务', 'public_service', ['环卫'], 'sanitation', 5),
    ('市政养护', 'public_service', ['养护', '市政'], 'maintenance', 4),
    ('教育咨询', 'education_training', ['教育'], 'edu', 8),
    ('教育科技', 'education_training', ['教育'], 'edu', 6),
    ('实业', '*', ['实业'], None, 14),
    ('科技', '*', ['科技'], None, 14),
    ('控股', 'other', ['控股'], None, 3),
    ('能源科技', '*coal', ['能源'], None, 5),
    ('农业开发', 'other', ['农业'], 'agri', 5),
    ('生态农业', 'other', ['农业'], 'agri', 4),
    ('投资', 'other', ['投资'], None, 3),
]
IND = {r[0]: {'sector': r[1], 'shorts': r[2], 'cls': r[3], 'w': r[4]} for r in IND_TABLE}
GENERIC_IND = {k for k, v in IND.items() if v['cls'] is None}
GROUP_OK = {'建筑工程', '建设工程', '煤业', '矿业', '实业', '控股', '物流', '机械制造', '耐火材料', '商贸',
            '房地产开发', '置业', '能源科技', '科技', '餐饮管理', '食品', '投资'}
SW_PY = {'建筑': 'jian zhu', '建工': 'jian gong', '劳务': 'lao wu', '建设': 'jian she', '建安': 'jian an',
         '安装': 'an zhuang', '装饰': 'zhuang shi', '装修': 'zhuang xiu', '防水': 'fang shui',
         '钢结构': 'gang jie gou', '路桥': 'lu qiao', '土石方': 'tu shi fang', '水利': 'shui li',
         '幕墙': 'mu qiang', '市政': 'shi zheng', '房地产': 'fang di chan', '地产': 'di chan',
         '置业': 'zhi ye', '煤业': 'mei ye', '矿业': 'kuang ye', '洗煤': 'xi mei', '煤炭': 'mei tan',
         '耐材': 'nai cai', '耐火': 'nai huo', '汝瓷': 'ru ci', '陶瓷': 'tao ci', '机械': 'ji xie',
         '铸造': 'zhu zao', '水泥': 'shui ni', '建材': 'jian cai', '服装': 'fu zhuang', '制衣': 'zhi yi',
         '食品': 'shi pin', '纺织': 'fang zhi', '塑业': 'su ye', '塑料': 'su liao', '包装': 'bao zhuang',
         '家具': 'jia ju', '物流': 'wu liu', '运输': 'yun shu', '餐饮': 'can yin', '酒店': 'jiu dian',
         '物业': 'wu ye', '商贸': 'shang mao', '家政': 'jia zheng', '保安': 'bao an', '派遣': 'pai qian',
         '人力': 'ren li', '汽车': 'qi che', '汽修': 'qi xiu', '广告': 'guang gao', '传媒': 'chuan mei',
         '超市': 'chao shi', '保洁': 'bao jie', '园林': 'yuan lin', '绿化': 'lv hua', '环卫': 'huan wei',
         '养护': 'yang hu', '教育': 'jiao yu', '实业': 'shi ye', '科技': 'ke ji', '控股': 'kong gu',
         '能源': 'neng yuan', '农业': 'nong ye', '投资': 'tou zi'}
# spoken descriptions: phrase -> set of trade classes it can describe
SPOKEN = {
    '盖楼的': {'build', 'labor', 'estate'}, '搞建筑的': {'build', 'labor', 'install', 'decor'},
    '做防水的': {'waterproof'}, '搞装修的': {'decor'}, '做装饰的': {'decor'},
    '做钢结构的': {'steel'}, '修路的': {'road', 'municipal', 'maintenance'}, '拉土方的': {'earth'},
    '装幕墙的': {'curtain'}, '搞房地产的': {'estate'}, '开发楼盘的': {'estate'},
    '挖煤的': {'coal'}, '开煤矿的': {'coal'}, '洗煤的': {'coalwash'},
    '做耐火材料的': {'refractory'}, '做耐材的': {'refractory'}, '烧瓷的': {'ceramic'},
    '做汝瓷的': {'ceramic'}, '做机械的': {'machinery'}, '翻砂铸造的': {'casting'},
    '做水泥管的': {'cement'}, '做建材的': {'bmaterial', 'cement'}, '做衣服的': {'garment', 'textile'},
    '做食品的': {'food'}, '做塑料的': {'plastic'}, '做包装箱的': {'packaging'}, '打家具的': {'furniture'},
    '跑物流的': {'logistics'}, '拉货的': {'logistics'}, '开饭店的': {'catering', 'hotel'},
    '搞餐饮的': {'catering'}, '开宾馆的': {'hotel'}, '管小区物业的': {'property'}, '做物业的': {'property'},
    '做家政的': {'housekeeping', 'cleaning'}, '派保安的': {'security'}, '搞劳务派遣的': {'dispatch', 'hr'},
    '修车的': {'auto'}, '做广告的': {'ad'}, '开超市的': {'retail'}, '做保洁的': {'cleaning', 'housekeeping', 'property'},
    '搞绿化的': {'greening'}, '搞环卫的': {'sanitation'}, '扫马路的': {'sanitation', 'cleaning'},
    '搞道路养护的': {'maintenance', 'municipal', 'road'}, '办辅导班的': {'edu'}, '搞教育培训的': {'edu'},
    '搞农业的': {'agri'}, '种地搞农业的': {'agri'}, '搞劳务的': {'labor', 'dispatch', 'hr'},
}
CLS_PHRASES = defaultdict(list)
for _p, _cs in SPOKEN.items():
    for _c in _cs:
        CLS_PHRASES[_c].append(_p)

LEGAL_W = [('有限公司', 70), ('有限责任公司', 15), ('股份有限公司', 5), ('集团有限公司', 6)]
REGION_W = [('汝州市', 35), ('汝州', 5), ('河南', 14), ('河南省', 8), ('平顶山', 4), ('平顶山市', 8), ('', 26)]


def norm_region(r):
    if not r:
        return ''
    if '汝州' in r or '乳州' in r or '汝洲' in r:
        return 'RZ'
    if r.startswith('河南'):
        return 'HN'
    if r.startswith('平顶山'):
        return 'PDS'
    if r.startswith('郑州'):
        return 'ZZ'
    if r.startswith('洛阳'):
        return 'LY'
    if r.startswith('许昌'):
        return 'XC'
    return r


def region_code(reg):
    n = norm_region(reg)
    if n == 'HN':
        return '410000' if R.random() < 0.6 else '410482'
    if n == 'PDS':
        return R.choice(['410400', '410402', '410403', '410411', '410482'])
    if n == 'ZZ':
        return R.choice(['410100', '410102', '410105', '410122'])
    if n == 'LY':
        return R.choice(['410300', '410311'])
    if n == 'XC':
        return '411000'
    return '410482'


SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
                "姚卢姜崔钟谭陆范石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯史陶贺顾毛郝龚邵钱严武戴孔汤牛乔")
GIVEN = ['建军', '国强', '志刚', '春生', '小军', '海涛', '铁柱', '红伟', '保国', '学文', '二强', '满仓', '喜来',
         '根生', '秋菊', '玉兰', '桂芳', '新民', '卫东', '振山', '小红', '丽娟', '文斌', '永强', '书成', '大勇',
         '留柱', '三旺', '金锁', '长青', '向阳', '秀英', '红霞', '俊杰', '晓东', '德胜', '拴住', '国庆']
VIL_SUF = list('庄营沟寨岭店河洼湾坡楼屯岗')

# =====================================================================
# 2. USCC (GB 32100-2015 with GB 11714 organisation-code check)
# =====================================================================
CS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
W18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
W9 = [3, 7, 9, 10, 5, 8, 4, 2]


def gb11714(s8):
    t = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(s8, W9))
    c = 11 - t % 11
    return 'X' if c == 10 else ('0' if c == 11 else str(c))


def gb32100(s17):
    t = sum(CS.index(c) * w for c, w in zip(s17, W18))
    c = 31 - t % 31
    return CS[0 if c == 31 else c]


def uscc_valid(u):
    if len(u) != 18 or any(c not in CS for c in u):
        return False
    if gb11714(u[8:16]) != u[16]:
        return False
    return gb32100(u[:17]) == u[17]


USED_USCC = set()


def make_uscc(tp, regc):
    while True:
        if tp in ('91', '92', '93', '52') and R.random() < 0.8:
            body = 'MA' + ''.join(R.choice(CS) for _ in range(6))
        elif tp in ('11', '12'):
            body = R.choice(['0', '4', '7']) + ''.join(R.choice('0123456789') for _ in range(7))
        else:
            body = ''.join(R.choice(CS[:10]) for _ in range(8))
        s17 = tp + regc + body + gb11714(body)
        u = s17 + gb32100(s17)
        if u not in USED_USCC:
            USED_USCC.add(u)
            return u


# =====================================================================
# 3. registry
# =====================================================================
ROWS = []          # dicts
NAMES = set()


def add_row(**kw):
    assert kw['name'] not in NAMES, kw['name']
    NAMES.add(kw['name'])
    kw.setdefault('aliases', [])
    kw.setdefault('zh', None)
    kw.setdefault('cat', kw.get('kind'))
    ROWS.append(kw)
    return kw


def village_names(n):
    out = set()
    while len(out) < n:
        out.add(R.choice(SURNAMES) + R.choice(VIL_SUF) + '村')
    return sorted(out)


CN_DIG = '零一二三四五六七八九'


def cn_small(n):  # 1..99
    if n < 10:
        return CN_DIG[n]
    if n < 20:
        return '十' + (CN_DIG[n % 10] if n % 10 else '')
    return CN_DIG[n // 10] + '十' + (CN_DIG[n % 10] if n % 10 else '')


def build_public():
    """public institutions, government organs, SOEs (hand-written kinds, generated per township)."""
    C, Cs = COUNTY, COUNTY_S
    inst = []   # (name, aliases, cat, township, sector, ownership, tp)
    street = lambda: R.choice(STREETS)
    for i, a in [(1, ['汝州一高']), (2, ['汝州二高']), (3, ['汝州三高'])]:
        inst.append((f'{C}第{cn_small(i)}高级中学', a + ([f'{cn_small(i)}高'] if i > 2 else []), 'school', street()))
    for i in range(1, 10):
        al = [f'{Cs}{cn_small(i)}中']
        if i >= 3:
            al.append(f'市{cn_small(i)}中')
        inst.append((f'{C}第{cn_small(i)}初级中学', al, 'school', street()))
    inst.append((f'{C}实验中学', ['汝州实验中学'], 'school', street()))
    inst.append((f'{C}实验小学', ['汝州实验小学', '汝州实小'], 'school', street()))
    for i in range(1, 13):
        inst.append((f'{C}第{cn_small(i)}小学', [f'{Cs}{cn_small(i)}小', f'市{cn_small(i)}小'], 'school', street()))
    inst.append((f'{C}职业技术教育中心', ['职教中心', '汝州职教中心'], 'voc_public', street()))
    inst.append((f'{C}特殊教育学校', ['特教学校', '汝州特教学校'], 'school', street()))
    inst.append((f'{C}实验幼儿园', ['汝州实验幼儿园'], 'kinder_public', street()))
    inst.append((f'{C}第一幼儿园', ['市一幼'], 'kinder_public', street()))
    inst.append((f'{C}第二幼儿园', ['市二幼'], 'kinder_public', street()))
    vil_used = set()
    for tw in TOWNS:
        s = TW_STEM[tw]
        inst.append((f'{C}{tw}中心小学', [f'{s}中心小学', f'{tw}中心小学'], 'school', tw))
        inst.append((f'{C}{tw}第一初级中学', [f'{s}一中', f'{tw}一中'], 'school', tw))
        if R.random() < 0.5:
            inst.append((f'{C}{tw}第二初级中学', [f'{s}二中'], 'school', tw))
        for v in village_names(3):
            if v in vil_used:
                continue
            vil_used.add(v)
            inst.append((f'{C}{tw}{v}小学', [f'{v}小学'], 'school', tw))
    inst += [(f'{C}人民医院', ['汝州人民医院', '市人民医院'], 'hospital', '钟楼街道'),
             (f'{C}第二人民医院', ['汝州二院', '市二院'], 'hospital', '煤山街道'),
             (f'{C}中医院', ['汝州中医院', '中医院'], 'hospital', '风穴路街道'),
             (f'{C}妇幼保健院', ['汝州妇幼', '妇幼保健院'], 'hospital', '洗耳河街道'),
             (f'{C}骨科医院', ['汝州骨科医院'], 'hospital', '汝南街道'),
             (f'{C}疾病预防控制中心', ['汝州疾控', '疾控中心'], 'center', '紫云路街道'),
             (f'{C}急救中心', ['汝州急救中心'], 'center', '钟楼街道')]
    for tw in TOWNS:
        inst.append((f'{C}{tw}卫生院', [f'{TW_STEM[tw]}卫生院', f'{tw}卫生院'], 'wsy', tw))
    for tw in STREETS:
        inst.append((f'{C}{tw}社区卫生服务中心', [f'{TW_STEM[tw]}社区卫生服务中心'], 'wsy', tw))
    inst += [(f'{C}环境卫生管理所', ['环卫所', '汝州环卫所'], 'sanitation_inst', street()),
             (f'{C}市政设施管理所', ['市政所', '汝州市政所'], 'municipal_inst', street()),
             (f'{C}园林绿化管理所', ['园林所', '汝州园林所'], 'greening_inst', street()),
             (f'{C}路灯管理所', ['路灯所'], 'municipal_inst', street()),
             (f'{C}公路事业发展中心', ['公路中心', '汝州公路中心'], 'center', street()),
             (f'{C}殡仪馆', ['汝州殡仪馆'], 'center', '汝南街道'),
             (f'{C}图书馆', ['汝州图书馆'], 'center', street()),
             (f'{C}文化馆', ['汝州文化馆'], 'center', street()),
             (f'{C}汝瓷博物馆', ['汝瓷博物馆'], 'center', street()),
             (f'{C}融媒体中心', ['汝州融媒体中心', '融媒体中心'], 'center', street()),
             (f'{C}不动产登记中心', ['不动产登记中心'], 'center', street()),
             (f'{C}公共资源交易中心', ['公共资源交易中心'], 'center', street()),
             (f'{C}政务服务中心', ['政务服务中心'], 'center', street()),
             (f'{C}就业创业服务中心', ['就业创业服务中心'], 'center', street()),
             (f'{C}农业技术推广中心', ['农技推广中心'], 'center', street()),
             (f'{C}水利工程管理站', ['水利工程管理站'], 'center', street()),
             (f'{C}体育中心', ['汝州体育中心'], 'center', street())]
    for tw in TW_FULL:
        s = TW_STEM[tw]
        inst.append((f'{C}{tw}便民服务中心', [f'{s}便民服务中心'], 'center', tw))
        inst.append((f'{C}{tw}综合文化站', [f'{s}文化站'], 'center', tw))
    for tw in TOWNS:
        inst.append((f'{C}{tw}农业服务中心', [f'{TW_STEM[tw]}农业服务中心'], 'center', tw))
    for name, al, cat, tw in inst:
        sector = 'public_institution'
        add_row(name=name, uscc=make_uscc('12', '410482'), sector=sector, ownership='public_institution',
                township=tw, kind='inst', cat=cat, aliases=al)
    organs = [('人民政府', ['汝州市政府', '市政府']), ('人民政府办公室', ['市政府办']),
              ('发展和改革委员会', ['发改委', '汝州发改委']), ('教育体育局', ['教体局', '汝州教体局']),
              ('财政局', ['财政局', '汝州财政局']), ('人力资源和社会保障局', ['人社局', '汝州人社局']),
              ('住房和城乡建设局', ['住建局', '汝州住建局']), ('交通运输局', ['交通局', '汝州交通局']),
              ('城市管理局', ['城管局', '汝州城管局']), ('水利局', ['水利局']), ('农业农村局', ['农业农村局']),
              ('卫生健康委员会', ['卫健委']), ('自然资源和规划局', ['自然资源局', '国土局']),
              ('应急管理局', ['应急局']), ('市场监督管理局', ['市场监管局']), ('民政局', ['民政局']),
              ('公安局', ['汝州公安局']), ('文化广电和旅游局', ['文旅局']), ('商务局', ['商务局']),
              ('工业和信息化局', ['工信局']), ('审计局', ['审计局']), ('统计局', ['统计局']),
              ('退役军人事务局', ['退役军人事务局']), ('医疗保障局', ['医保局']), ('信访局', ['信访局']),
              ('司法局', ['司法局']), ('城乡一体化示范区管理委员会', ['示范区管委会']),
              ('先进制造业开发区管理委员会', ['开发区管委会']), ('汝瓷小镇管理委员会', ['汝瓷小镇管委会'])]
    for nm, al in organs:
        add_row(name=C + nm, uscc=make_uscc('11', '410482'), sector='other', ownership='government',
                township=R.choice(['钟楼街道', '风穴路街道', '煤山街道']), kind='organ', cat='organ', aliases=al)
    add_row(name='平顶山市生态环境局汝州分局', uscc=make_uscc('11', '410482'), sector='other',
            ownership='government', township='钟楼街道', kind='organ', cat='organ', aliases=['汝州环保局', '生态环境局汝州分局'])
    for tw in TOWNS:
        s = TW_STEM[tw]
        add_row(name=f'{C}{tw}人民政府', uscc=make_uscc('11', '410482'), sector='other', ownership='government',
                township=tw, kind='organ', cat='tw_gov', aliases=[f'{tw}政府', f'{tw}人民政府'])
    for tw in STREETS:
        add_row(name=f'{C}{tw}办事处', uscc=make_uscc('11', '410482'), sector='other', ownership='government',
                township=tw, kind='organ', cat='tw_gov', aliases=[f'{tw}办事处', f'{TW_STEM[tw]}街道办'])
    soes = [(f'{C}城市建设投资集团有限公司', ['汝州城投', '城投集团', '城投公司'], 'construction', 'soe_ct', '91'),
            (f'{C}城投置业有限公司', ['城投置业'], 'construction', 'soe_ct', '91'),
            (f'{C}交通投资集团有限公司', ['汝州交投', '交投集团'], 'construction', 'soe_jt', '91'),
            (f'{C}水务集团有限公司', ['汝州水务', '水务集团', '自来水公司'], 'public_service', 'soe_water', '91'),
            (f'{C}热力有限公司', ['汝州热力', '热力公司', '暖气公司'], 'public_service', 'soe_heat', '91'),
            (f'{C}公共交通有限公司', ['汝州公交', '公交公司'], 'public_service', 'soe_bus', '91'),
            (f'{C}城乡环卫有限公司', ['汝州城乡环卫', '城乡环卫公司'], 'public_service', 'soe_san', '91'),
            (f'{C}保安服务有限公司', ['汝州市保安公司', '汝州保安服务公司'], 'services', 'soe_sec', '91'),
            (f'{C}国有资本投资运营集团有限公司', ['汝州国投', '国投集团'], 'other', 'soe_other', '91'),
            (f'{C}文化旅游投资集团有限公司', ['汝州文旅投', '文旅集团'], 'services', 'soe_other', '91'),
            (f'{C}农业发展投资有限公司', ['汝州农投'], 'other', 'soe_other', '91'),
            (f'{C}粮食储备有限公司', ['粮储公司'], 'services', 'soe_other', '91'),
            ('中铁豫建工程局集团有限公司', ['中铁豫建'], 'construction', 'soe_contractor', '91'),
            ('中建中原第九工程局有限公司', ['中建九局', '中建中原九局'], 'construction', 'soe_contractor', '91'),
            ('中交豫汝路桥建设有限公司', ['中交豫汝'], 'construction', 'soe_contractor', '91'),
            ('中电建豫西水利工程有限公司', ['中电建豫西'], 'construction', 'soe_contractor', '91'),
            ('河南省国建工程集团有限公司汝州分公司', ['国建汝州分公司'], 'construction', 'soe_contractor', '91'),
            (f'{PREF}城乡建设集团有限公司', ['平顶山城建集团', '平顶山城建'], 'construction', 'soe_contractor', '91'),
            ('河南汝能煤业集团有限公司', ['汝能集团', '汝能煤业'], 'coal', 'soe_coal', '91')]
    for nm, al, sec, cat, tp in soes:
        regc = '410400' if nm.startswith(PREF) else ('410000' if nm.startswith('中') or nm.startswith('河南') else '410482')
        if '汝州分公司' in nm:
            regc = '410482'
        add_row(name=nm, uscc=make_uscc(tp, regc), sector=sec, ownership='soe', kind='soe', cat=cat, aliases=al,
                township=R.choice(STREETS) if cat != 'soe_coal' else '蟒川镇')
    for stem in ['蟒川', '大峪', '庙下', '夏店', '陵头']:
        tw = [t for t in TW_FULL if TW_STEM[t] == stem][0]
        add_row(name=f'河南汝能煤业集团有限公司{stem}煤矿', uscc=make_uscc('91', '410482'), sector='coal',
                ownership='soe', township=tw, kind='soe', cat='soe_mine', aliases=[f'汝能{stem}矿', f'{stem}煤矿', f'汝能煤业{stem}煤矿'])


build_public()
PUBLIC_TEXT = ''.join(r['name'] + '|' + '|'.join(r['aliases']) + '|' for r in ROWS)


# ---------- 字号 pool ----------
def bad_zh(z):
    if len(set(z)) < len(z):
        return True
    for tw, st in TOWNSHIPS:
        if st in z or z in tw:
            return True
    for w in list(IND) + [s for v in IND.values() for s in v['shorts']] + ['公司', '集团', '有限', '责任', '股份']:
        if z in w or w in z:
            return True
    for i in range(len(z) - 1):
        if z[i:i + 2] in PUBLIC_TEXT:
            return True
    return False


def build_zh_pool():
    two = set()
    good2 = set('达源华盛泰隆祥利通恒成丰兴昌安福辉宇润鑫发远元泽荣茂德顺禾和旺峰航业晟瑞凯腾鼎威康宁佳')
    second = [c for c in POOL for _ in range(5 if c in good2 else 1)]
    while len(two) < 3400:
        a, b = R.choice(POOL), R.choice(second)
        if a == b:
            continue
        if PY[a] == PY[b] or bad_zh(a + b):
            continue
        two.add(a + b)
    two = sorted(two)
    R.shuffle(two)
    three = set()
    while len(three) < 900:
        base = R.choice(two)
        c = R.choice(POOL)
        s = c + base if R.random() < 0.5 else base + c
        if bad_zh(s):
            continue
        three.add(s)
    four = set()
    while len(four) < 100:
        s = R.choice(two) + R.choice(two)
        if bad_zh(s):
            continue
        four.add(s)
    allz = two + sorted(three) + sorted(four)
    R.shuffle(allz)
    weights = []
    for r, z in enumerate(allz):
        w = 1.0 / (r + 80)
        if len(z) == 3:
            w *= 0.6
        if len(z) == 4:
            w *= 0.4
        weights.append(w)
    return allz, weights


ZH_ALL, ZH_W = build_zh_pool()
ZH_CUM = []
_acc = 0.0
for _w in ZH_W:
    _acc += _w
    ZH_CUM.append(_acc)


def pick_zh():
    import bisect
    return ZH_ALL[bisect.bisect_left(ZH_CUM, R.random() * ZH_CUM[-1])]


def sector_for(ind):
    s = IND[ind]['sector']
    if s == '*':
        return wchoice([('manufacturing', 25), ('services', 25), ('construction', 14), ('coal', 12), ('other', 16),
                        ('public_service', 3), ('education_training', 5)])
    if s == '*coal':
        return wchoice([('coal', 45), ('other', 25), ('manufacturing', 15), ('services', 15)])
    return s


IND_W = [(k, v['w']) for k, v in IND.items()]


def rand_legal(ind):
    while True:
        lg = wchoice(LEGAL_W)
        if '集团' in lg and ind not in GROUP_OK:
            continue
        return lg


def homophone_variant(z):
    for _ in range(10):
        i = R.randrange(len(z))
        subs = [x for x in POOL if x != z[i] and PY[x] == PY[z[i]]]
        if subs:
            v = z[:i] + R.choice(subs) + z[i + 1:]
            if not bad_zh(v):
                return v
    return None


def ent_township(region):
    if norm_region(region) == 'RZ' and R.random() < 0.5:
        return R.choice(STREETS)
    return R.choice(TW_FULL)


def add_ent(region, zh, ind, legal, sector=None, township=None):
    name = region + zh + ind + legal
    if name in NAMES:
        return None
    sector = sector or sector_for(ind)
    return add_row(name=name, uscc=make_uscc('91', region_code(region)), sector=sector, ownership='private',
                   township=township or ent_township(region), kind='ent', region=region, zh=zh, ind=ind,
                   legal=legal, pkey=(region, zh, ind, legal))


def build_private():
    # --- branches and their parents (parents registered in about half of the cases)
    bkinds = [('汝州分公司', 30), ('汝州市分公司', 22), ('num', 10), ('tw', 38)]
    n_br = 0
    while n_br < 950:
        region = wchoice([('河南省', 22), ('河南', 18), ('平顶山市', 14), ('郑州市', 14), ('洛阳市', 6),
                          ('许昌市', 4), ('', 12), ('汝州市', 10)])
        zh = pick_zh()
        ind = wchoice([(k, v['w'] * (3 if v['sector'] in ('construction', 'services') else 1)) for k, v in IND.items()
                       if k not in ('农业开发', '生态农业', '超市')])
        legal = rand_legal(ind)
        pname = region + zh + ind + legal
        if any(n.startswith(pname) for n in ()):
            pass
        nb = 1 if R.random() < 0.8 else 2
        sufs = []
        if norm_region(region) == 'RZ':
            for tw in R.sample(TW_FULL, nb):
                sufs.append(R.choice([tw, TW_STEM[tw]]) + '分公司')
        else:
            k = wchoice(bkinds)
            if k == 'num':
                sufs = [R.choice(['汝州', '汝州市']) + n + '分公司' for n in (['第一', '第二'][:nb] if nb == 2 else [R.choice(['第一', '第二', '第三'])])]
            elif k == 'tw':
                for tw in R.sample(TW_FULL, nb):
                    sufs.append(R.choice([tw, TW_STEM[tw]]) + '分公司')
            else:
                sufs = [k]
                if nb == 2:
                    tw = R.choice(TW_FULL)
                    sufs.append(R.choice([tw, TW_STEM[tw]]) + '分公司')
        if any((pname + s) in NAMES for s in sufs):
            continue
        sector = sector_for(ind)
        if pname not in NAMES and R.random() < 0.5:
            add_ent(region, zh, ind, legal, sector=sector)
        elif pname in NAMES:
            sector = [r for r in ROWS if r['name'] == pname][0]['sector']
        for s in sufs:
            tw = None
            for t, st in TOWNSHIPS:
                if s.startswith(t) or s.startswith(st):
                    tw = t
            add_row(name=pname + s, uscc=make_uscc('91', '410482'), sector=sector, ownership='private',
                    township=tw or R.choice(TW_FULL), kind='branch', region=region, zh=zh, ind=ind, legal=legal,
                    bsuf=s, pkey=(region, zh, ind, legal))
            n_br += 1
    # --- two private mining groups with township-named mines
    for stem_pair in (['寄料', '温泉'], ['焦村', '王寨']):
        zh = pick_zh()
        pname_reg = R.choice(['平顶山市', '河南'])
        ind, legal = '矿业', '集团有限公司'
        if R.random() < 0.5:
            add_ent(pname_reg, zh, ind, legal, sector='coal')
        for st in stem_pair:
            tw = [t for t in TW_FULL if TW_STEM[t] == st][0]
            add_row(name=pname_reg + zh + ind + legal + st + '煤矿', uscc=make_uscc('91', '410482'), sector='coal',
                    ownership='private', township=tw, kind='branch', region=pname_reg, zh=zh, ind=ind, legal=legal,
                    bsuf=st + '煤矿', pkey=(pname_reg, zh, ind, legal))
    # --- 个体工商户
    shops = [('饭店', 'services'), ('烩面馆', 'services'), ('超市', 'services'), ('砖厂', 'manufacturing'),
             ('建材店', 'services'), ('汽修厂', 'services'), ('五金店', 'services'), ('农家乐', 'services'),
             ('理发店', 'services'), ('养殖场', 'other'), ('面粉厂', 'manufacturing'), ('预制厂', 'manufacturing'),
             ('门窗加工部', 'manufacturing'), ('羊肉汤馆', 'services'), ('宾馆', 'services')]
    n = 0
    while n < 1200:
        zh = pick_zh()
        shop, sec = R.choice(shops)
        tw = R.choice(TW_FULL)
        twpart = R.choice([tw, ''])
        name = COUNTY + twpart + zh + shop
        if name in NAMES:
            continue
        add_row(name=name, uscc=make_uscc('92', '410482'), sector=sec, ownership='private', township=tw,
                kind='geti', region=COUNTY, twpart=twpart, zh=zh, ind=shop, legal='', pkey=('u', name))
        n += 1
    # --- farmer cooperatives
    coops = ['种植', '养殖', '农机', '中药材种植', '果蔬种植', '花卉苗木', '食用菌种植', '生猪养殖']
    n = 0
    while n < 450:
        zh = pick_zh()
        t = R.choice(coops)
        name = COUNTY + zh + t + '专业合作社'
        if name in NAMES:
            continue
        add_row(name=name, uscc=make_uscc('93', '410482'), sector='other', ownership='private',
                township=R.choice(TOWNS), kind='coop', region=COUNTY, zh=zh, ind=t + '专业合作社', legal='',
                pkey=('u', name))
        n += 1
    # --- 民办非企业: private schools / training
    mb = [('武术学校', ['武校', '武术学校']), ('培训学校', ['培训学校']), ('职业技能培训学校', ['职业培训学校', '技能培训学校']),
          ('驾驶员培训学校', ['驾校']), ('幼儿园', ['幼儿园']), ('艺术培训学校', ['艺术学校', '艺校']),
          ('文化培训学校', ['文化培训学校'])]
    n = 0
    while n < 320:
        zh = pick_zh()
        t, sh = R.choice(mb)
        reg = R.choice([COUNTY, COUNTY, COUNTY_S])
        name = reg + zh + t
        if name in NAMES:
            continue
        add_row(name=name, uscc=make_uscc('52', '410482'), sector='education_training', ownership='private',
                township=R.choice(TW_FULL), kind='minban', region=reg, zh=zh, ind=t, legal='', pkey=('u', name),
                mb_shorts=sh)
        n += 1
    # --- ordinary enterprises (with deliberate neighbours)
    ents = [r for r in ROWS if r['kind'] == 'ent']
    while len(ROWS) < N_REG:
        x = R.random()
        if x < 0.07 and ents:
            b = R.choice(ents)
            region = R.choice([rg for rg, _ in REGION_W if norm_region(rg) != norm_region(b['region'])])
            r = add_ent(region, b['zh'], b['ind'], rand_legal(b['ind']))
        elif x < 0.11 and ents:
            b = R.choice(ents)
            v = homophone_variant(b['zh'])
            if not v:
                continue
            r = add_ent(wchoice(REGION_W), v, b['ind'], rand_legal(b['ind']))
        else:
            ind = wchoice(IND_W)
            r = add_ent(wchoice(REGION_W), pick_zh(), ind, rand_legal(ind))
        if r:
            ents.append(r)


build_private()
ids = list(range(1, len(ROWS) + 1))
R.shuffle(ids)
for _r, _i in zip(ROWS, ids):
    _r['id'] = _i
BY_ID = {r['id']: r for r in ROWS}


# =====================================================================
# 4. matching reference: indexes and "how many registry rows fit" checks
# =====================================================================
def mm_add(d, k, v):
    cur = d.get(k)
    if cur is None:
        d[k] = v
    elif isinstance(cur, int):
        if cur != v:
            d[k] = {cur, v}
    else:
        cur.add(v)


def mm_get(d, k):
    cur = d.get(k)
    if cur is None:
        return set()
    if isinstance(cur, int):
        return {cur}
    return set(cur)


SHOP_CLS = {'饭店': 'catering', '烩面馆': 'catering', '羊肉汤馆': 'catering', '农家乐': 'catering', '宾馆': 'hotel',
            '超市': 'retail', '五金店': 'retail', '建材店': 'retail', '汽修厂': 'auto', '砖厂': 'bmaterial',
            '预制厂': 'cement', '面粉厂': 'food', '门窗加工部': 'steel', '理发店': None, '养殖场': 'agri'}


def row_cls(r):
    if r['kind'] == 'geti':
        return SHOP_CLS.get(r['ind'])
    if r['kind'] == 'minban':
        return 'edu'
    if r['kind'] == 'coop':
        return 'agri'
    return IND.get(r['ind'], {}).get('cls')


ZROWS = defaultdict(list)
PKEY = defaultdict(lambda: {'parent': None, 'branches': []})
for r in ROWS:
    if r.get('zh'):
        ZROWS[r['zh']].append(r)
        if r['kind'] == 'branch':
            PKEY[r['pkey']]['branches'].append(r)
        else:
            PKEY[r['pkey']]['parent'] = r
ZH_SET = set(ZROWS)
SUBIDX = defaultdict(set)
MASK = defaultdict(set)
PYSUB = defaultdict(set)
DEL1Z = defaultdict(set)
for z in ZH_SET:
    L = len(z)
    for i in range(L):
        for j in range(i + 2, L + 1):
            SUBIDX[z[i:j]].add(z)
            p = py_cat(z[i:j])
            if p:
                PYSUB[p].add(z)
        MASK[(L, i, z[:i] + '?' + z[i + 1:])].add(z)
        DEL1Z[z[:i] + z[i + 1:]].add(z)


def zh_contain(q):
    return set(SUBIDX.get(q, ()))


def zh_inside(q):
    return {q[i:j] for i in range(len(q)) for j in range(i + 2, len(q) + 1)} & ZH_SET


def zh_conf(q):
    out = set()
    for i in range(len(q)):
        for z in MASK.get((len(q), i, q[:i] + '?' + q[i + 1:]), ()):
            if confusable_char(q[i], z[i]):
                out.add(z)
    return out


def zh_py(q, both=True):
    out = set()
    p = py_cat(q)
    if p:
        out |= PYSUB.get(p, set())
    if both:
        for i in range(len(q)):
            for j in range(i + 2, len(q) + 1):
                pp = py_cat(q[i:j])
                if pp:
                    out |= {z for z in PYSUB.get(pp, ()) if py_cat(z) == pp}
    return out


def zh_indel(q):
    out = {q[:i] + q[i + 1:] for i in range(len(q))} & ZH_SET
    return out | DEL1Z.get(q, set())


def zh_loose(q):
    return zh_contain(q) | zh_inside(q) | zh_conf(q) | zh_py(q) | zh_indel(q)


def compat(r, spec):
    k = spec[0]
    if k == 'any':
        return True
    if k == 'group':
        return '集团' in (r.get('legal') or '')
    if k == 'full':
        x = spec[1]
        return r['ind'] == x or r['ind'].startswith(x) or x.startswith(r['ind'])
    if k == 'short':
        x = spec[1]
        return x in r['ind'] or x in IND.get(r['ind'], {}).get('shorts', []) or x in r.get('mb_shorts', [])
    if k == 'cls':      # a set of trade classes
        return row_cls(r) in spec[1]
    raise ValueError(spec)


def resolve(zhs, spec, region=None, generic=False):
    groups = defaultdict(list)
    for z in zhs:
        for r in ZROWS.get(z, ()):
            if compat(r, spec) or (generic and r.get('ind') in GENERIC_IND):
                groups[r['pkey']].append(r)
    if region and len(groups) > 1:
        rn = norm_region(region)
        match = [k for k in groups if k[0] != 'u' and norm_region(k[0]) == rn]
        others = [k for k in groups if k not in match]
        if len(match) == 1 and all(k[0] != 'u' and norm_region(k[0]) != '' for k in others):
            groups = {match[0]: groups[match[0]]}
    ids = set()
    for k in groups:
        info = PKEY[k]
        if info['parent'] is not None:
            ids.add(info['parent']['id'])
        else:
            ids |= {b['id'] for b in info['branches']}
    return ids


# --- whole-name neighbourhoods (for typo / missing / extra checks)
NAMES_ALL, DEL1, SUB1 = {}, {}, {}


def nosuf(r):
    if r['kind'] == 'ent':
        return r['region'] + r['zh'] + r['ind']
    if r['kind'] == 'branch':
        return r['region'] + r['zh'] + r['ind'] + r['bsuf']
    if r['kind'] == 'soe':
        for lg in ('集团有限公司', '有限责任公司', '有限公司'):
            if r['name'].endswith(lg):
                return r['name'][:-len(lg)]
    return None


for r in ROWS:
    forms = {r['name']}
    ns = nosuf(r)
    if ns:
        forms.add(ns)
    forms |= set(r['aliases'])
    for s in forms:
        mm_add(NAMES_ALL, s, r['id'])
for s, v in list(NAMES_ALL.items()):
    ids_ = v if isinstance(v, set) else {v}
    for i in range(len(s)):
        for x in ids_:
            mm_add(DEL1, s[:i] + s[i + 1:], x)
            mm_add(SUB1, s[:i] + '\x00' + s[i + 1:], x)


def near_names(q):
    out = mm_get(NAMES_ALL, q) | mm_get(DEL1, q)
    for i in range(len(q)):
        out |= mm_get(SUB1, q[:i] + '\x00' + q[i + 1:])
        out |= mm_get(NAMES_ALL, q[:i] + q[i + 1:])
    return out


ALL_NAME_TEXT = '\n'.join(r['name'] for r in ROWS)


def alias_ok(a, rid):
    """alias resolves to exactly this row and is not part of any other row's name or alias"""
    if mm_get(NAMES_ALL, a) != {rid}:
        return False
    for r in ROWS:
        if r['id'] != rid and (a in r['name'] or any(a in x for x in r['aliases'])):
            return False
    return True


for r in ROWS:
    if r['kind'] in ('inst', 'organ', 'soe'):
        r['ok_aliases'] = [a for a in r['aliases'] if alias_ok(a, r['id'])]


def foreign_zh(q, allowed):
    """registered 字号 inside q that is not part of the intended strings"""
    for L in (2, 3, 4):
        for i in range(len(q) - L + 1):
            s = q[i:i + L]
            if s in ZH_SET and not any(s in a for a in allowed):
                return True
    return False


# =====================================================================
# 5. match queries
# =====================================================================
KIND_ROWS = defaultdict(list)
for r in ROWS:
    KIND_ROWS[r['kind'] if r['kind'] not in ('inst', 'organ', 'soe') else 'pub'].append(r)


def pick_target(weights):
    return R.choice(KIND_ROWS[wchoice(weights)])


def region_alt(reg):
    n = norm_region(reg)
    return {'RZ': R.choice(['汝州', '汝州市']), 'HN': R.choice(['河南', '河南省']),
            'PDS': R.choice(['平顶山', '平顶山市']), 'ZZ': R.choice(['郑州', '郑州市']), 'LY': '洛阳',
            'XC': '许昌'}.get(n, '')


def strict_ok(t, qzh, spec, region=None):
    return resolve(zh_contain(qzh), spec, region) == {t['id']}


def person():
    s = R.choice(SURNAMES)
    return R.choice([s + R.choice(GIVEN), s + '总', '老' + s, s + '老板', s + R.choice(GIVEN)])


def zh_forms(t):
    """surface forms of a 字号-bearing row: (tag, string, zh, spec, region) -- not yet checked"""
    k = t['kind']
    zh, ind = t['zh'], t['ind']
    out = [('exact', t['name'], zh, ('full', ind), t['region'] or None)]
    if k == 'ent':
        out.append(('nosuf', t['region'] + zh + ind, zh, ('full', ind), t['region'] or None))
        for sw in IND[ind]['shorts']:
            out.append(('short', zh + sw, zh, ('short', sw), None))
            if t['region']:
                rs = region_alt(t['region'])
                out.append(('short', rs + zh + sw, zh, ('short', sw), rs))
        out.append(('short', zh + '公司', zh, ('any',), None))
        if '集团' in t['legal']:
            out.append(('short', zh + '集团', zh, ('group',), None))
    elif k == 'geti':
        out.append(('short', zh + ind, zh, ('full', ind), None))
        if t.get('twpart'):
            out.append(('short', TW_STEM[t['twpart']] + zh + ind, zh, ('full', ind), None))
    elif k == 'minban':
        for sh in t['mb_shorts']:
            out.append(('short', zh + sh, zh, ('short', sh), None))
        out.append(('short', COUNTY_S + zh + ind, zh, ('full', ind), None))
    elif k == 'coop':
        out.append(('short', zh + '合作社', zh, ('short', '合作社'), None))
        out.append(('short', zh + ind.replace('专业合作社', '合作社'), zh, ('short', ind.replace('专业合作社', '')), None))
    return out


def valid_forms(t, tags=None):
    res = []
    for f in zh_forms(t):
        if tags and f[0] not in tags:
            continue
        if f[0] == 'exact' or strict_ok(t, f[2], f[3], f[4]):
            res.append(f)
    return res


def pub_forms(t):
    out = [('exact', t['name'])]
    out += [('short', a) for a in t.get('ok_aliases', [])]
    return out


NOISY_T = ['就是那个{X}的老板', '{X}欠俺钱', '俺在{X}干活', '{X}！！', '是{X}，工资一直不给', '问下{X}的事',
           '{X}？？就这家', '给{X}干了半年', '{X}那边的', '在{X}上班', '老板说是{X}的', '{X}　拖欠工资',
           '找{X}要钱要不来', '是不是{X}啊', '就{X}，他们欠钱', '{X}。。。', '额 {X}', '{X}的活', '{X}~~',
           '我说的是{X}', '({X})', '“{X}”', '{X}，，，欠了三个月', '俺们是{X}的人', '-{X}-']
NOISY_CONS = ['在{X}工地搬砖', '{X}的工地上干活', '{X}包的活', '给{X}干小工']
NOISY_PUB = ['在{X}当临时工', '{X}欠的工资', '俺在{X}上班', '{X}的活，钱没给']
PUNCT = ['！', '。', '？', '!!', '…', '～', '，', '', '', '']


def sprinkle(s, p=0.45):
    if len(s) >= 4 and R.random() < p:
        i = R.randrange(1, len(s))
        s = s[:i] + R.choice([' ', '　', '  ', ' ']) + s[i:]
    if R.random() < 0.3:
        s = s + R.choice(PUNCT)
    if R.random() < 0.15:
        s = R.choice([' ', '　', '…']) + s
    return s


FILLER_SW = ['那个{Z}的{S}公司', '{Z}那家{S}', '{Z}公司那个{S}', '就是{Z}{S}那个公司', '{Z}的那个{S}公司，老板叫{P}',
             '老板是{P}的那个{Z}{S}', '{Z}{S}那家公司', '那家{Z}的{S}', '{Z}的{S}，老板{P}', '那个{Z}{S}的']
FILLER_ANY = ['{Z}那个公司', '那个{Z}公司', '就那家{Z}的', '老板叫{P}，{Z}公司的', '{Z}公司的那个老板{P}', '那家{Z}公司']
SPOKEN_T = ['那个{H}{Z}', '{Z}，{H}那家', '{H}那个{Z}公司', '{Z}，就是{H}', '{H}{Z}那边', '{Z}那个{H}', '就是{H}那家{Z}']
ORDER_T = ['{I}{Z}（{G}）', '{I} {Z}', '{S}·{Z}（{G}）', '{Z}{L}（{I}）', '{I}-{Z}{L}', '{G} {I} {Z}', '{I}，{Z}，{G}',
           '{S} {Z}（{G}）', '{I}{Z}{L}（{G}）']
BRACKET_T = ['{Z}（{G}）{I}', '{Z}({G}){I}{L}', '{Z}{I}{L}（{G}）', '（{G}）{Z}{I}', '{Z}【{G}】{S}', '{Z}（{G}）{S}',
             '{Z}（{G}）{I}{L}', '{Z}{S}({G})']
TYPO_WORDS = {'有限': ['有线', '有现'], '工程': ['工城', '工成'], '劳务': ['劳物', '捞务'], '建筑': ['建住', '建竹'],
              '物流': ['物留', '物刘'], '公司': ['公私', '工司'], '汝州': ['乳州', '汝洲', '如州'], '中学': ['中雪', '中穴'],
              '医院': ['医圆', '医远'], '卫生院': ['卫生园', '为生院'], '管理': ['管里', '官理'], '服务': ['服物', '付务'],
              '餐饮': ['餐引'], '装饰': ['装式', '妆饰'], '物业': ['物叶'], '煤业': ['煤叶'], '人民': ['人明'],
              '政府': ['正府', '政付'], '小学': ['小雪', '晓学'], '河南': ['河难', '和南'], '平顶山': ['平定山', '平顶三'],
              '责任': ['则任'], '集团': ['集圆'], '股份': ['股分'], '材料': ['材科', '才料'], '学校': ['学效', '学较'],
              '防水': ['房水'], '运输': ['运书'], '商贸': ['商冒', '商茂'], '科技': ['科计', '科枝'], '实业': ['实叶'],
              '园林': ['圆林', '园材'], '绿化': ['绿花'], '机械': ['机戒', '机诫'], '食品': ['食吕'], '耐火': ['耐伙'],
              '派遣': ['派谴'], '保安': ['保按'], '幼儿园': ['幼儿圆'], '武术': ['武木'], '交通': ['交同'],
              '水务': ['水物'], '热力': ['热历'], '中心': ['中新'], '局': ['居'], '镇': ['真'], '街道': ['街到'],
              '办事处': ['办事出'], '初级': ['出级'], '高级': ['高圾'], '驾驶员': ['驾使员'], '培训': ['陪训', '培川']}
VARIANT_N = {'exact': 240, 'no_suffix': 200, 'region_changed': 180, 'short': 250, 'traditional': 170,
             'typo': 230, 'pinyin': 170, 'noisy': 250, 'branch': 200, 'order': 150, 'brackets': 150,
             'missing': 130, 'extra': 130, 'filler': 150, 'spoken': 100}
NULL_N = {'exact': 55, 'short': 60, 'noisy': 40, 'no_suffix': 30, 'pinyin': 25, 'traditional': 20, 'order': 15,
          'brackets': 15, 'filler': 20, 'spoken': 20}


def v_exact():
    t = pick_target([('ent', 65), ('pub', 12), ('geti', 8), ('minban', 5), ('coop', 4), ('branch', 6)])
    return t['name'], t['id']


def v_no_suffix():
    if R.random() < 0.04:
        t = R.choice([r for r in KIND_ROWS['pub'] if r['kind'] == 'soe' and nosuf(r)])
        q = nosuf(t)
        return (q, t['id']) if mm_get(NAMES_ALL, q) == {t['id']} else None
    t = R.choice(KIND_ROWS['ent'])
    f = valid_forms(t, {'nosuf'})
    return (f[0][1], t['id']) if f else None


def v_region_changed():
    t = R.choice(KIND_ROWS['ent'])
    if not strict_ok(t, t['zh'], ('full', t['ind']), None):
        return None
    opts = ['', '汝州市', '河南省', '河南', '平顶山市', '平顶山', '郑州', '河南省汝州市', '河南汝州', '汝州']
    opts = [o for o in opts if o != t['region'] and not (o and t['region'] and norm_region(o) == norm_region(t['region'])
                                                         and o.startswith(t['region'][:2]) and len(o) <= 3)]
    nr = R.choice(opts)
    q = nr + t['zh'] + t['ind'] + t['legal']
    if q in NAMES_ALL:
        return None
    return q, t['id']


def v_short():
    t = pick_target([('ent', 70), ('pub', 18), ('geti', 6), ('minban', 4), ('coop', 2)])
    if t['kind'] in ('inst', 'organ', 'soe'):
        al = t.get('ok_aliases')
        return (R.choice(al), t['id']) if al else None
    f = valid_forms(t, {'short'})
    return (R.choice(f)[1], t['id']) if f else None


def v_traditional():
    t = pick_target([('ent', 70), ('pub', 20), ('geti', 5), ('minban', 5)])
    if t['kind'] in ('inst', 'organ', 'soe'):
        f = [x[1] for x in pub_forms(t)]
    else:
        f = [x[1] for x in valid_forms(t)]
    if not f:
        return None
    base = R.choice(f)
    q = s2t(base)
    return (q, t['id']) if q != base else None


def replace_zh(s, zh, new):
    i = s.find(zh)
    return s[:i] + new + s[i + len(zh):]


def v_typo():
    t = pick_target([('ent', 75), ('pub', 20), ('geti', 3), ('minban', 2)])
    pub = t['kind'] in ('inst', 'organ', 'soe')
    if not pub and R.random() < 0.7:
        forms = valid_forms(t)
        if not forms:
            return None
        tag, s, zh, spec, reg = R.choice(forms)
        i = R.randrange(len(zh))
        subs = typo_subs(zh[i])
        if not subs:
            return None
        z2 = zh[:i] + R.choice(subs) + zh[i + 1:]
        if z2 in ZH_SET or zh_contain(z2) or zh_inside(z2) or bad_zh(z2) or z2 in PUBLIC_TEXT:
            return None
        cands = zh_conf(z2) | zh_py(z2)
        if zh not in cands or resolve(cands, spec, reg) != {t['id']}:
            return None
        q = replace_zh(s, zh, z2)
        if tag in ('exact', 'nosuf') and not near_names(q) <= {t['id']}:
            return None
        return q, t['id']
    # typo outside the 字号
    if pub:
        s = R.choice([x[1] for x in pub_forms(t)])
        lo, hi = 0, 0
    else:
        forms = [f for f in valid_forms(t) if f[0] in ('exact', 'nosuf')]
        if not forms:
            return None
        s = R.choice(forms)[1]
        lo = s.find(t['zh'])
        hi = lo + len(t['zh'])
    spots = []
    for w, reps in TYPO_WORDS.items():
        st = 0
        while True:
            j = s.find(w, st)
            if j < 0:
                break
            if j + len(w) <= lo or j >= hi:
                spots.append((j, w, reps))
            st = j + 1
    if not spots:
        return None
    j, w, reps = R.choice(spots)
    q = s[:j] + R.choice(reps) + s[j + len(w):]
    nn = near_names(q)
    if t['id'] not in nn or nn != {t['id']} or foreign_zh(q, [s]):
        return None
    return q, t['id']


def cap(p):
    return p[:1].upper() + p[1:]


def v_pinyin():
    t = pick_target([('ent', 90), ('geti', 5), ('minban', 5)])
    zh, ind = t['zh'], t['ind']
    syl = py_list(zh)
    if not syl:
        return None
    pl = ''.join(syl)
    cands = zh_py(zh, both=False)
    opts = []
    shorts = IND[ind]['shorts'] if ind in IND else (t.get('mb_shorts') or [])
    for sw in shorts:
        if sw in SW_PY:
            spy = SW_PY[sw].split()
            opts.append((pl + sw, ('short', sw), None))
            opts.append((cap(pl) + sw, ('short', sw), None))
            opts.append((' '.join(cap(x) for x in syl + spy), ('short', sw), None))
            opts.append((pl + ''.join(spy), ('short', sw), None))
    if t['kind'] == 'ent':
        opts.append((cap(pl) + ind + t['legal'], ('full', ind), None))
        opts.append((pl + '公司', ('any',), None))
        if t['region']:
            opts.append((t['region'] + cap(pl) + ind, ('full', ind), t['region']))
    else:
        opts.append((cap(pl) + ind, ('full', ind), None))
    if not opts:
        return None
    if pl in set(PY.values()):   # e.g. li+an = lian: only the spaced romanisation is unambiguous
        opts = [o for o in opts if ' ' in o[0]]
        if not opts:
            return None
    q, spec, reg = R.choice(opts)
    if resolve(cands, spec, reg) != {t['id']}:
        return None
    return q, t['id']


def v_noisy():
    t = pick_target([('ent', 70), ('pub', 20), ('geti', 5), ('minban', 5)])
    if t['kind'] in ('inst', 'organ', 'soe'):
        inner = R.choice([x[1] for x in pub_forms(t)])
        tpl = R.choice(NOISY_T + NOISY_PUB * 2)
        allowed = [t['name']] + t['aliases']
    else:
        f = valid_forms(t)
        if not f:
            return None
        inner = R.choice(f)[1]
        tpl = R.choice(NOISY_T + (NOISY_CONS if t['sector'] == 'construction' else []))
        allowed = [t['name'], inner]
    x = inner
    if R.random() < 0.45 and len(x) >= 4:
        i = R.randrange(1, len(x))
        x = x[:i] + R.choice([' ', '　', ' ', '  ']) + x[i:]
    q = tpl.replace('{X}', x)
    if R.random() < 0.35:
        q += R.choice(PUNCT[:7])
    if R.random() < 0.1:
        q = R.choice(['　', ' ', '…']) + q
    if foreign_zh(q.replace(' ', '').replace('　', ''), allowed) or foreign_zh(q, allowed):
        return None
    return q, t['id']


def norm_bsuf(s):
    if s.endswith('煤矿') or (s.endswith('矿') and len(s) <= 4):
        return ('mine', s[:2])
    if '第' in s:
        return ('num', s[s.index('第') + 1])
    for tw, st in TOWNSHIPS:
        if s.startswith(tw) or s.startswith(st):
            return ('tw', st)
    return ('rz',)


def bsuf_surface(key):
    if key[0] == 'rz':
        return R.choice(['汝州分公司', '汝州市分公司'])
    if key[0] == 'num':
        return R.choice(['汝州', '汝州市']) + '第' + key[1] + '分公司'
    if key[0] == 'tw':
        tw = [t for t, st in TOWNSHIPS if st == key[1]][0]
        return R.choice([tw, key[1]]) + '分公司'
    return key[1] + R.choice(['煤矿', '矿'])


def pkeys_fit(zhs, spec, region=None):
    out = set()
    groups = defaultdict(list)
    for z in zhs:
        for r in ZROWS.get(z, ()):
            if compat(r, spec):
                groups[r['pkey']].append(r)
    if region and len(groups) > 1:
        rn = norm_region(region)
        match = [k for k in groups if k[0] != 'u' and norm_region(k[0]) == rn]
        others = [k for k in groups if k not in match]
        if len(match) == 1 and all(k[0] != 'u' and norm_region(k[0]) != '' for k in others):
            return {match[0]}
    return set(groups)


def parent_part(pk):
    reg, zh, ind, legal = pk
    opts = [(reg + zh + ind + legal, ('full', ind), reg or None), (reg + zh + ind, ('full', ind), reg or None)]
    for sw in IND[ind]['shorts']:
        opts.append((zh + sw, ('short', sw), None))
        if reg:
            rs = region_alt(reg)
            opts.append((rs + zh + sw, ('short', sw), rs))
    return R.choice(opts)


BR_PKEYS = [k for k, v in PKEY.items() if v['branches']]


def v_branch():
    x = R.random()
    if x < 0.07:   # state-owned coal group and its mines
        grp = [r for r in KIND_ROWS['pub'] if r.get('cat') == 'soe_coal'][0]
        mines = [r for r in KIND_ROWS['pub'] if r.get('cat') == 'soe_mine']
        if R.random() < 0.6:
            m = R.choice(mines)
            st = m['name'][-4:-2]
            q = R.choice(['汝能集团', '河南汝能煤业集团', '汝能煤业集团', '汝能煤业']) + st + R.choice(['煤矿', '矿'])
            return (q, m['id']) if q not in m['aliases'] else None
        st = R.choice(['小屯', '杨楼', '临汝'])
        return R.choice(['汝能集团', '河南汝能煤业集团', '汝能煤业集团']) + st + '煤矿', grp['id']
    if x < 0.45:   # a: registered branch named
        pk = R.choice(BR_PKEYS)
        b = R.choice(PKEY[pk]['branches'])
        pf, spec, reg = parent_part(pk)
        if pkeys_fit(zh_contain(pk[1]), spec, reg) != {pk}:
            return None
        key = norm_bsuf(b['bsuf'])
        if sum(1 for bb in PKEY[pk]['branches'] if norm_bsuf(bb['bsuf']) == key) != 1:
            return None
        q = pf + bsuf_surface(key)
        if q == b['name']:
            return None
        return q, b['id']
    if x < 0.68:   # b: branch named but not registered -> parent
        if R.random() < 0.5:
            pk = R.choice(BR_PKEYS)
        else:
            pk = R.choice(KIND_ROWS['ent'])['pkey']
        par = PKEY[pk]['parent']
        if par is None:
            return None
        have = {norm_bsuf(bb['bsuf']) for bb in PKEY[pk]['branches']}
        kinds = []
        if not any(h[0] in ('rz', 'num') for h in have) and norm_region(pk[0]) != 'RZ':
            kinds.append(('rz',))
        tws = [st for _, st in TOWNSHIPS if ('tw', st) not in have]
        kinds.append(('tw', R.choice(tws)))
        key = R.choice(kinds)
        pf, spec, reg = parent_part(pk)
        if pkeys_fit(zh_contain(pk[1]), spec, reg) != {pk}:
            return None
        q = pf + bsuf_surface(key)
        if q in NAMES_ALL or near_names(q) - {par['id']}:
            return None
        return q, par['id']
    pk = R.choice(BR_PKEYS)
    info = PKEY[pk]
    if x < 0.86:   # c: parent named, not registered, exactly one branch
        if info['parent'] is not None or len(info['branches']) != 1:
            return None
        want = info['branches'][0]['id']
    else:          # d: parent named, parent and branch registered -> parent
        if info['parent'] is None:
            return None
        want = info['parent']['id']
    pf, spec, reg = parent_part(pk)
    if resolve(zh_contain(pk[1]), spec, reg) != {want}:
        return None
    return pf, want


def v_order():
    t = R.choice(KIND_ROWS['ent'])
    zh, ind = t['zh'], t['ind']
    sw = R.choice(IND[ind]['shorts'])
    g = region_alt(t['region']) if t['region'] else ''
    if not g and strict_ok(t, zh, ('full', ind), None) and R.random() < 0.5:
        g = COUNTY_S
    tpl = R.choice(ORDER_T)
    if '{G}' in tpl and not g:
        tpl = R.choice(['{I} {Z}', '{Z}{L}（{I}）', '{I}-{Z}{L}', '{I}，{Z}', '{S} {Z}公司'])
    spec = ('short', sw) if ('{S}' in tpl and '{I}' not in tpl) else ('full', ind)
    if not strict_ok(t, zh, spec, g or None):
        return None
    q = tpl.replace('{I}', ind).replace('{Z}', zh).replace('{G}', g).replace('{S}', sw).replace('{L}', t['legal'])
    return q, t['id']


def v_brackets():
    t = R.choice(KIND_ROWS['ent'])
    zh, ind = t['zh'], t['ind']
    sw = R.choice(IND[ind]['shorts'])
    g = region_alt(t['region']) if t['region'] else ''
    if not g:
        if not strict_ok(t, zh, ('full', ind), None):
            return None
        g = R.choice([COUNTY_S, COUNTY])
    tpl = R.choice(BRACKET_T)
    spec = ('short', sw) if ('{S}' in tpl) else ('full', ind)
    if not strict_ok(t, zh, spec, g):
        return None
    q = tpl.replace('{I}', ind).replace('{Z}', zh).replace('{G}', g).replace('{S}', sw).replace('{L}', t['legal'])
    return q, t['id']


LEGALS = {'有限公司', '有限责任公司', '股份有限公司', '集团有限公司', '公司', '有限'}


def seg_spans(t):
    """(start, end, part) of the name parts of an enterprise name"""
    a = len(t['region'])
    b = a + len(t['zh'])
    c = b + len(t['ind'])
    return [(0, a, 'region'), (a, b, 'zh'), (b, c, 'ind'), (c, c + len(t['legal']), 'legal')]


def v_missing():
    t = pick_target([('ent', 80), ('pub', 20)])
    if t['kind'] != 'ent':
        s = R.choice([x[1] for x in pub_forms(t)])
        if len(s) < 5:
            return None
        i = R.randrange(len(s))
        q = s[:i] + s[i + 1:]
        nn = near_names(q)
        if nn != {t['id']} or foreign_zh(q, [t['name']] + t['aliases']):
            return None
        return q, t['id']
    full = R.random() < 0.6
    s = t['name'] if full else t['region'] + t['zh'] + t['ind']
    spans = [sp for sp in seg_spans(t) if sp[2] != 'region' and (full or sp[2] != 'legal')]
    a, b, part = R.choice(spans)
    if part == 'zh' and len(t['zh']) < 3:
        return None
    if part == 'ind' and len(t['ind']) < 3:
        return None
    if b - a == 0:
        return None
    i = R.randrange(a, b)
    seg = s[a:b]
    red = seg[:i - a] + seg[i - a + 1:]
    if part == 'zh' and not zh_loose(red) <= {t['zh']}:
        return None
    if part == 'ind' and (red in IND or any(red == x for v in IND.values() for x in v['shorts'])):
        return None
    if part == 'legal' and red in LEGALS:
        return None
    q = s[:i] + s[i + 1:]
    nn = near_names(q)
    if nn != {t['id']}:
        return None
    return q, t['id']


def v_extra():
    t = pick_target([('ent', 80), ('pub', 20)])
    if t['kind'] != 'ent':
        s = R.choice([x[1] for x in pub_forms(t)])
        i = R.randrange(len(s))
        q = s[:i + 1] + s[i] + s[i + 1:]
        nn = near_names(q)
        if nn != {t['id']} or foreign_zh(q, [t['name']] + t['aliases']):
            return None
        return q, t['id']
    full = R.random() < 0.6
    s = t['name'] if full else t['region'] + t['zh'] + t['ind']
    spans = [sp for sp in seg_spans(t) if sp[2] != 'region' and (full or sp[2] != 'legal')]
    a, b, part = R.choice(spans)
    i = R.randrange(a, b)
    if R.random() < 0.8 or part == 'zh':
        ins = s[i]
    else:
        ins = R.choice('工业司公限程务的')
    q = s[:i + 1] + ins + s[i + 1:]
    if part == 'zh':
        z2 = t['zh'][:i - a + 1] + ins + t['zh'][i - a + 1:]
        if not zh_loose(z2) <= {t['zh']}:
            return None
    nn = near_names(q)
    if nn != {t['id']} or foreign_zh(q, [t['name']]):
        return None
    return q, t['id']


def v_filler():
    t = pick_target([('ent', 90), ('geti', 10)])
    zh = t['zh']
    if t['kind'] == 'ent' and R.random() < 0.75:
        sw = R.choice(IND[t['ind']]['shorts'])
        spec = ('short', sw)
        tpl = R.choice(FILLER_SW)
    elif t['kind'] == 'geti':
        sw = t['ind']
        spec = ('full', sw)
        tpl = R.choice(FILLER_SW).replace('公司', '')
    else:
        sw, spec, tpl = '', ('any',), R.choice(FILLER_ANY)
    if not strict_ok(t, zh, spec, None):
        return None
    q = tpl.replace('{Z}', zh).replace('{S}', sw).replace('{P}', person())
    if foreign_zh(q, [zh + sw, t['name']]):
        return None
    return q, t['id']


def v_spoken():
    t = pick_target([('ent', 85), ('geti', 10), ('minban', 5)])
    c = row_cls(t)
    if not c or not CLS_PHRASES.get(c):
        return None
    h = R.choice(CLS_PHRASES[c])
    if resolve(zh_contain(t['zh']), ('cls', SPOKEN[h]), None, generic=True) != {t['id']}:
        return None
    q = R.choice(SPOKEN_T).replace('{H}', h).replace('{Z}', t['zh'])
    if foreign_zh(q, [t['zh']]):
        return None
    return q, t['id']


VARIANT_FN = {'exact': v_exact, 'no_suffix': v_no_suffix, 'region_changed': v_region_changed, 'short': v_short,
              'traditional': v_traditional, 'typo': v_typo, 'pinyin': v_pinyin, 'noisy': v_noisy,
              'branch': v_branch, 'order': v_order, 'brackets': v_brackets, 'missing': v_missing,
              'extra': v_extra, 'filler': v_filler, 'spoken': v_spoken}


# ---------- nulls ----------
NONGEN_IND = [k for k, v in IND.items() if v['cls'] is not None]


def null_name():
    """returns (zh, ind, how) for an employer that is not in the registry"""
    how = wchoice([('fresh', 22), ('onesub', 48), ('othertrade', 30)])
    if how == 'fresh':
        for _ in range(200):
            q = R.choice(POOL) + R.choice(POOL) + (R.choice(POOL) if R.random() < 0.15 else '')
            if bad_zh(q) or q in PUBLIC_TEXT or zh_loose(q):
                continue
            return q, wchoice([(k, IND[k]['w']) for k in NONGEN_IND]), how
        return None
    if how == 'onesub':
        t = R.choice(KIND_ROWS['ent'])
        if t['ind'] in GENERIC_IND:
            return None
        z = t['zh']
        i = R.randrange(len(z))
        c = R.choice(POOL)
        if confusable_char(c, z[i]):
            return None
        q = z[:i] + c + z[i + 1:]
        if bad_zh(q) or q in PUBLIC_TEXT or zh_loose(q):
            return None
        return q, t['ind'], how
    t = R.choice(KIND_ROWS['ent'])
    z = t['zh']
    secs = {r['sector'] for r in ZROWS[z]}
    clss = {row_cls(r) for r in ZROWS[z]}
    opts = [k for k in NONGEN_IND if IND[k]['sector'] not in secs and IND[k]['cls'] not in clss]
    if not opts:
        return None
    ind = R.choice(opts)
    lz = zh_loose(z)
    if resolve(lz, ('full', ind), None, generic=True):
        return None
    for sw in IND[ind]['shorts']:
        if resolve(lz, ('short', sw), None, generic=True):
            return None
    if CLS_PHRASES.get(IND[ind]['cls']) and resolve(lz, ('cls', set().union(*[SPOKEN[h] for h in CLS_PHRASES[IND[ind]['cls']]])), None, generic=True):
        return None
    return z, ind, how


NULL_PUB = None


def null_pub(style):
    C = COUNTY
    if style == 'exact':
        opts = [f'{C}第四高级中学', f'{C}第十三小学', f'{C}气象局', f'{C}档案馆', f'{C}第十初级中学', f'{C}第三人民医院',
                f'{C}中心医院', f'{C}林业局', f'{C}燃气有限公司', f'{C}科技馆', f'{C}第十五小学',
                f'{C}公共自行车有限公司', f'{C}第三幼儿园']
        for tw in TOWNS:
            opts.append(f'{C}{tw}第三初级中学')
            opts.append(f'{C}{tw}中心幼儿园')
    else:
        opts = ['汝州四高', '汝州十中', '市十五小', '气象局', '档案馆', '汝州三院', '燃气公司', '市三幼', '林业局']
        for tw in TOWNS:
            opts.append(f'{TW_STEM[tw]}三中')
            opts.append(f'{TW_STEM[tw]}中心幼儿园')
    q = R.choice(opts)
    return None if q in NAMES_ALL else q


def make_null(style):
    if style in ('exact', 'short') and R.random() < 0.12:
        q = null_pub(style)
        return (q, 'pub') if q else None
    nn = null_name()
    if not nn:
        return None
    z, ind, how = nn
    region = wchoice(REGION_W)
    legal = rand_legal(ind)
    sw = R.choice(IND[ind]['shorts'])
    if style == 'exact':
        q = region + z + ind + legal
    elif style == 'no_suffix':
        q = region + z + ind
    elif style == 'short':
        q = z + '公司' if (how != 'othertrade' and R.random() < 0.3) else (region_alt(region) if R.random() < 0.2 else '') + z + sw
    elif style == 'traditional':
        b = R.choice([region + z + ind + legal, region + z + ind, z + sw])
        q = s2t(b)
        if q == b:
            return None
    elif style == 'pinyin':
        syl = py_list(z)
        spy = SW_PY[sw].split()
        q = R.choice([''.join(syl) + sw, cap(''.join(syl)) + ind + legal, ' '.join(cap(x) for x in syl + spy),
                      ''.join(syl + spy)] + ([''.join(syl) + '公司'] if how != 'othertrade' else []))
    elif style == 'noisy':
        inner = R.choice([z + sw, region + z + ind, z + ind + legal])
        q = sprinkle(R.choice(NOISY_T).replace('{X}', inner), 0.4)
    elif style == 'order':
        g = region_alt(region) or COUNTY_S
        q = R.choice(ORDER_T).replace('{I}', ind).replace('{Z}', z).replace('{G}', g).replace('{S}', sw).replace('{L}', legal)
    elif style == 'brackets':
        g = region_alt(region) or COUNTY_S
        q = R.choice(BRACKET_T).replace('{I}', ind).replace('{Z}', z).replace('{G}', g).replace('{S}', sw).replace('{L}', legal)
    elif style == 'filler':
        q = R.choice(FILLER_SW).replace('{Z}', z).replace('{S}', sw).replace('{P}', person())
    elif style == 'spoken':
        if not CLS_PHRASES.get(IND[ind]['cls']):
            return None
        q = R.choice(SPOKEN_T).replace('{H}', R.choice(CLS_PHRASES[IND[ind]['cls']])).replace('{Z}', z)
    else:
        raise ValueError(style)
    allowed = [z] if how == 'othertrade' else []
    if foreign_zh(q, allowed) or q in NAMES_ALL:
        return None
    if how != 'onesub' and style in ('exact', 'no_suffix') and near_names(q):
        return None
    return q, how


def build_queries():
    out, seen = [], set()
    for v, n in VARIANT_N.items():
        got, tries = 0, 0
        while got < n:
            tries += 1
            assert tries < 400000, v
            res = VARIANT_FN[v]()
            if not res or res[0] in seen:
                continue
            seen.add(res[0])
            out.append({'query': res[0], 'expected_id': res[1], 'variant': v})
            got += 1
    null_how = Counter()
    for v, n in NULL_N.items():
        got, tries = 0, 0
        while got < n:
            tries += 1
            assert tries < 400000, v
            res = make_null(v)
            if not res or res[0] in seen:
                continue
            seen.add(res[0])
            null_how[res[1]] += 1
            out.append({'query': res[0], 'expected_id': None, 'variant': v})
            got += 1
    R.shuffle(out)
    return out, null_how


QUERIES, NULL_HOW = build_queries()


# =====================================================================
# 6. routing cases
# =====================================================================
TF = ['TF1_CONSTRUCTION', 'TF2_GOV_PROJECT', 'TF3_PUBLIC_SVC', 'TF4_EDU', 'TF5_COAL', 'TF6_SOE', 'TF7_SME', 'OFFICE']
ESTATES = ['书香名苑', '滨河花园', '紫荆雅居', '翰林府', '香榭丽园', '金色家园', '御景湾', '汝河湾', '状元府', '北苑小区',
           '望湖苑', '锦绣华庭', '世纪花园', '金桂园', '清风雅苑', '凤凰城', '东方名苑', '学府壹号', '南湖春天',
           '丽水嘉园', '瓷都华府', '帝景苑', '桂花园', '西城印象', '青年公寓', '水岸名居']
JOBS = ['搬砖', '绑钢筋', '支模板', '干木工', '砌墙', '粉墙', '搭脚手架', '干水电安装', '贴瓷砖', '干小工', '打混凝土',
        '干钢筋工', '当架子工', '开塔吊', '刮腻子', '干电焊']
VENUES = ['住建局', '镇政府', '信访局', '人社局', '劳动监察大队', '12345热线', '市政府', '街道办']


def P(*opts):
    return R.choice(opts)


def rows_where(pred):
    return [r for r in ROWS if pred(r)]


POOLS = {
    'cons': rows_where(lambda r: r['kind'] in ('ent', 'branch') and r['sector'] == 'construction' and r['ownership'] == 'private' and r['ind'] not in GENERIC_IND and r['ind'] not in ('房地产开发', '置业')),
    'cons_labor': rows_where(lambda r: r['kind'] == 'ent' and r['ind'] in ('建筑劳务', '劳务分包')),
    'cons_hidden': rows_where(lambda r: r['kind'] == 'ent' and r['sector'] == 'construction' and r['ind'] in GENERIC_IND),
    'coal': rows_where(lambda r: r['kind'] in ('ent', 'branch') and r['sector'] == 'coal' and r['ind'] in ('煤业', '矿业', '煤炭洗选') and r['ownership'] == 'private'),
    'coal_hidden': rows_where(lambda r: r['kind'] == 'ent' and r['sector'] == 'coal' and r['ind'] in GENERIC_IND),
    'sme': rows_where(lambda r: r['kind'] in ('ent', 'geti') and r['sector'] in ('manufacturing', 'services') and r['ind'] not in GENERIC_IND and r['ind'] not in ('物业服务', '物业管理', '保安服务', '劳务派遣', '人力资源')),
    'sme_hidden': rows_where(lambda r: r['kind'] == 'ent' and r['sector'] in ('manufacturing', 'services') and r['ind'] in GENERIC_IND),
    'logistics': rows_where(lambda r: r['kind'] == 'ent' and r['ind'] in ('物流', '运输')),
    'dispatch': rows_where(lambda r: r['kind'] == 'ent' and r['ind'] == '劳务派遣'),
    'property': rows_where(lambda r: r['kind'] == 'ent' and r['ind'] in ('物业服务', '物业管理')),
    'catering': rows_where(lambda r: r['kind'] == 'ent' and r['ind'] == '餐饮管理'),
    'pubsvc': rows_where(lambda r: r['kind'] in ('ent', 'branch') and r['sector'] == 'public_service' and r['ownership'] == 'private' and r['ind'] in ('园林绿化工程', '环卫服务', '市政养护')),
    'edu': rows_where(lambda r: (r['kind'] == 'minban') or (r['kind'] == 'ent' and r['ind'] == '教育咨询')),
    'edu_hidden': rows_where(lambda r: r['kind'] == 'ent' and r['ind'] == '教育科技'),
    'wuxiao': rows_where(lambda r: r['kind'] == 'minban' and r['ind'] == '武术学校'),
    'other': rows_where(lambda r: r['kind'] in ('coop', 'ent') and r['sector'] == 'other' and r['ind'] not in ('实业', '科技', '能源科技')),
    'other_shiye': rows_where(lambda r: r['kind'] == 'ent' and r['sector'] == 'other' and r['ind'] == '实业'),
    'gov': rows_where(lambda r: r['kind'] in ('inst', 'organ') and r['cat'] in ('center', 'wsy', 'hospital', 'organ', 'tw_gov')),
    'gov_trap': rows_where(lambda r: r['kind'] == 'inst' and r['cat'] in ('sanitation_inst', 'municipal_inst', 'greening_inst', 'kinder_public', 'voc_public')),
    'school': rows_where(lambda r: r['kind'] == 'inst' and r['cat'] == 'school'),
    'wsy': rows_where(lambda r: r['kind'] == 'inst' and r['cat'] in ('wsy', 'hospital')),
    'tw_gov': rows_where(lambda r: r['kind'] == 'organ' and r['cat'] == 'tw_gov'),
    'soe_plain': rows_where(lambda r: r['kind'] == 'soe' and r['cat'] in ('soe_ct', 'soe_jt', 'soe_contractor', 'soe_other')),
    'soe_trap': rows_where(lambda r: r['kind'] == 'soe' and r['cat'] in ('soe_water', 'soe_heat', 'soe_bus', 'soe_san', 'soe_sec')),
    'soe_contractor': rows_where(lambda r: r['kind'] == 'soe' and r['cat'] == 'soe_contractor'),
    'soe_coal': rows_where(lambda r: r['kind'] == 'soe' and r['cat'] in ('soe_coal', 'soe_mine')),
}
CT = [r for r in ROWS if r['kind'] == 'soe' and r['name'] == '汝州市城市建设投资集团有限公司'][0]
HWS = [r for r in ROWS if r['name'] == '汝州市环境卫生管理所'][0]


def emp_name(r, hide=False, allow_typo=True):
    """a way a worker may type this registry employer that resolves to it alone"""
    if r['kind'] in ('inst', 'organ', 'soe'):
        al = r.get('ok_aliases') or []
        return R.choice(al) if al and R.random() < 0.8 else r['name']
    forms = valid_forms(r)
    if r['kind'] == 'branch':
        return r['name']
    if hide:
        h = [f[1] for f in forms if f[3][0] in ('any', 'group')]
        if h:
            return R.choice(h)
        if r['ind'] in GENERIC_IND:
            return R.choice([f[1] for f in forms])
        return None
    if allow_typo and R.random() < 0.08:
        for _ in range(30):
            res = v_typo_for(r)
            if res:
                return res
    return R.choice([f[1] for f in forms])


def v_typo_for(t):
    forms = [f for f in valid_forms(t) if f[0] in ('short', 'nosuf')]
    if not forms:
        return None
    tag, s, zh, spec, reg = R.choice(forms)
    i = R.randrange(len(zh))
    subs = [c for c in typo_subs(zh[i]) if c in PY]
    if not subs:
        return None
    z2 = zh[:i] + R.choice(subs) + zh[i + 1:]
    if z2 in ZH_SET or zh_contain(z2) or zh_inside(z2) or bad_zh(z2):
        return None
    cands = zh_conf(z2) | zh_py(z2)
    if resolve(cands, spec, reg) != {t['id']}:
        return None
    return replace_zh(s, zh, z2)


def pick_emp(pool, hide=False):
    for _ in range(200):
        r = R.choice(POOLS[pool])
        n = emp_name(r, hide=hide)
        if n:
            return r, n
    raise RuntimeError(pool)


def boss_person():
    s = R.choice(SURNAMES)
    return P(f'包工头老{s}', f'{s}工头', f'包工头{s}{R.choice(GIVEN)}', f'带班的{s}师傅', f'工头老{s}', f'{s}老板（包工头）')


def estate():
    return R.choice(ESTATES) + P('', '', '二期', '三期', '一期', f'{R.randint(1, 15)}号楼')


def twpick():
    return R.choice(TW_FULL)


def school_name():
    r = R.choice(POOLS['school'])
    return r, (R.choice(r['ok_aliases']) if r.get('ok_aliases') and R.random() < 0.6 else r['name'])


def gov_project(tw):
    st = TW_STEM[tw]
    sch, sn = school_name()
    return P(f'{sn}新教学楼', f'{sn}综合楼', f'{tw}卫生院改扩建工程', f'{st}到{TW_STEM[twpick()]}的公路改建工程',
             f'{st}{R.choice(SURNAMES)}{R.choice(VIL_SUF)}村道路硬化', f'{COUNTY}人民医院门诊楼', f'{st}高标准农田建设项目',
             f'{tw}便民服务中心建设项目', f'{COUNTY}{P("朝阳路", "丹阳路", "广成路", "望嵩路")}雨污分流改造')


DUR = ['三个月', '俩月', '大半年', '半年多', '四个多月', '一年', '五十多天', '一个多月', '快一年', '整整七个月',
       '两个多月', '八个月', '二十来天', '小半年']
SPAN = ['从去年八月干到年底', '从开春干到秋天', '去年干了一整年', '从三月份干到现在', '年前干的活', '去年秋天干的']


def dur():
    return R.choice(DUR)


# ---------------------------------------------------------------- scenarios
def sc_T1a(c):
    tw = twpick()
    c['fields']['township'] = P(tw, tw, '')
    if R.random() < 0.5:
        e, en = pick_emp('cons')
        c['emp'] = e
        c['fields']['employer_name'] = en
        ment = en
        boss = P('包工头', '工头', '带班的')
    else:
        ment = boss_person()
        c['fields']['employer_name'] = ment
        boss = ment
    est = estate()
    c['fields']['project_name'] = P(est, est, '')
    site = P(f'{est}工地', f'{TW_STEM[tw]}那边一个小区的工地', '城东一个商品房工地', f'{est}那个楼盘')
    job = R.choice(JOBS)
    c['core'] = [P(f'在{site}{job}，包工头是{ment}' if not c['emp'] else f'在{ment}的{site}{job}',
                   f'跟着{ment}在{site}干活，{job}',
                   f'我们是农民工，在{site}{job}，{ment}带的队',
                   f'{ment}承包的{site}，我在工地上{job}',
                   f'在{TW_STEM[tw]}的建筑工地上{job}，是{ment}叫我来的')]
    c['boss'] = P('包工头', '工头', '老板') if c['emp'] else ment
    c['note'] = 'private building site, 包工头/农民工 → TF1_CONSTRUCTION'


def sc_T1b(c):
    sc_T1a(c)
    v = R.choice(VENUES)
    c['core'].append(P(f'去{v}反映过，让我们等着', f'也去{v}找过，说让走法律程序', f'打过{v}的电话，到现在也没个信',
                       f'去{v}问过，没人管'))
    if R.random() < 0.5:
        c['core'].append(P('是个私人开发的楼盘', '开发商是私人老板'))
    c['note'] = f'HARD: {v} is only where they complained; the site is a private building project → TF1_CONSTRUCTION'


def sc_T1c(c):
    b = boss_person()
    fac = P('一个耐材厂', '一家服装厂', f'{TW_STEM[twpick()]}一个食品厂', '产业集聚区一个机械厂', '一家家具厂', '一个铸造厂')
    c['fields'].update(employer_name=b, project_name=P(f'{fac[-3:]}新建厂房', f'{fac[-3:]}车间扩建', ''),
                       township=P(twpick(), ''))
    if R.random() < 0.4:
        c['fields']['employer_kind'] = P('包工头', '建筑队')
    c['core'] = [P(f'跟着{b}给{fac}盖新厂房', f'{b}包了{fac}的车间工程，我们在那{R.choice(JOBS)}',
                   f'在{fac}盖车间，是{b}带我们干的')]
    c['boss'] = b
    c['note'] = 'HARD: building a factory workshop for a 包工头 is construction work, not the factory\'s own staff → TF1_CONSTRUCTION'


def sc_T1d(c):
    sc_T1a(c)
    c['fields']['township'] = '煤山街道'
    c['core'] = [P(f'在煤山街道一个小区工地{R.choice(JOBS)}', f'煤山那边盖楼的工地，我{R.choice(JOBS)}',
                   f'在煤山街道{estate()}工地干活')] + c['core'][1:]
    c['note'] = 'HARD: 煤山街道 is only an area name; private building site → TF1_CONSTRUCTION'


VAGUE = ['{d}的工钱，{b}一直拖着不给', '活干完了，钱一分没结', '给{b}干了{d}，钱到现在没给', '去年的工钱到现在还没结清',
         '{d}没见着一分钱', '钱一直要不来', '干了{d}，说好的钱不给', '老板欠我们钱不给', '{b}说没钱，让等着',
         '工钱拖了{d}了']


def vague(b='老板'):
    return R.choice(VAGUE).replace('{d}', dur()).replace('{b}', b)


def sc_F1a(c):
    b = boss_person()
    c['fields'].update(employer_name=b, project_name=estate(), township=P(twpick(), twpick(), ''))
    if R.random() < 0.6:
        c['fields']['employer_kind'] = P('包工头', '建筑队', '私人工程队', '装修队', '个人包工头')
    if R.random() < 0.4:
        c['fields']['project_funding'] = 'private'
    c['core'] = [vague(P('老板', '他', '工头'))]
    c['boss'] = '老板'
    c['note'] = 'text is vague; fields: a 包工头 on a housing-estate project → TF1_CONSTRUCTION'


def sc_F1b(c):
    sc_F1a(c)
    c['fields']['township'] = '煤山街道'
    c['fields']['project_name'] = P('耐材厂新厂房', '机械厂车间扩建工程', '耐火材料厂仓库', '食品厂新车间')
    c['fields']['employer_kind'] = '包工头'
    c['note'] = 'HARD: township 煤山街道 is only a location and the project is a factory building put up by a 包工头 (fields) → TF1_CONSTRUCTION'


def sc_F1c(c):
    sc_F1a(c)
    c['fields']['project_name'] = P('物流园仓库工程', '超市装修工程', '酒店装修改造', '饭店门面装修', '家具城钢结构厂棚')
    c['fields']['employer_kind'] = P('装修队', '包工头')
    c['note'] = 'HARD: the project belongs to a shop/SME but the workers were hired by a 包工头/装修队 for building work (fields) → TF1_CONSTRUCTION'


NEUTRAL_REG = ['在{E}干了{d}，钱一直没给', '{E}欠我们工资', '我是{E}的工人，{d}没发工资', '给{E}干活，老板一直拖',
               '{E}拖欠工资{d}了', '在{E}上班，工资{d}没发', '{E}的老板欠钱不给', '我在{E}干了{d}']


def neutral(en):
    return R.choice(NEUTRAL_REG).replace('{E}', en).replace('{d}', dur())


def reg_case(c, pool, hide=True, tw=None):
    e, en = pick_emp(pool, hide=hide)
    c['emp'] = e
    c['fields'].update(employer_name=en, project_name='', township=tw if tw is not None else P(e['township'], '', twpick()))
    c['core'] = [neutral(en)]
    c['boss'] = '老板'
    return e, en


def sc_R1a(c):
    e, en = reg_case(c, 'cons', hide=R.random() < 0.8)
    c['note'] = f'registry: {e["name"]} is a private construction company → TF1_CONSTRUCTION'


def sc_R1b(c):
    e, en = reg_case(c, 'cons_hidden')
    c['note'] = f'HARD: the name says {e["ind"]}; registry sector is construction → TF1_CONSTRUCTION'


def sc_R1c(c):
    e, en = reg_case(c, 'cons', tw='煤山街道')
    c['note'] = f'HARD: 煤山街道 is only an area; registry: {e["name"]} is a private construction company → TF1_CONSTRUCTION'


SME_JOBS = [('在{tws}一家饭店当服务员', 'catering'), ('在{E}后厨帮工', 'catering'), ('在一家超市当收银员', 'retail'),
            ('在{tws}一个服装厂踩缝纫机', 'garment'), ('在耐火材料厂上班', 'refractory'), ('在食品厂包装车间上班', 'food'),
            ('在家具厂干打磨', 'furniture'), ('在一家物流公司开货车', 'logistics'), ('在物流园装卸货', 'logistics'),
            ('在宾馆做客房保洁', 'hotel'), ('在汽修厂当学徒', 'auto'), ('在{E}当营业员', 'trade'), ('在机械厂当车工', 'machinery'),
            ('在铸造厂浇铸', 'casting'), ('在{E}上班，做汝瓷的', 'ceramic')]


def sc_T7a(c):
    tpl, cls = R.choice(SME_JOBS)
    tw = twpick()
    cand = [r for r in POOLS['sme'] if row_cls(r) == cls]
    en = None
    if cand and ('{E}' in tpl or R.random() < 0.4):
        for _ in range(50):
            e = R.choice(cand)
            en = emp_name(e)
            if en:
                c['emp'] = e
                break
    if '{E}' in tpl and not en:
        tpl = '在{tws}一家小厂上班'
    core = tpl.replace('{tws}', TW_STEM[tw]).replace('{E}', en or '')
    if en and '{E}' not in tpl:
        core += f'，是{en}'
    c['core'] = [core]
    c['fields'].update(employer_name=en or P(f'{R.choice(SURNAMES)}老板', '', f'{R.choice(SURNAMES)}总'),
                       project_name='', township=P(tw, ''))
    c['boss'] = '老板'
    c['note'] = 'private SME (restaurant/shop/factory/logistics) → TF7_SME'


def sc_T7b(c):
    fac = P('机械厂', '服装厂', '电子厂', '食品厂', '新材料公司', '包装厂')
    area = P('产业集聚区', '开发区', '先进制造业开发区', '工业园')
    c['core'] = [P(f'在{area}一个招商引资进来的{fac}上班，说是政府引进来的企业',
                   f'我们厂是政府招商引资来的{fac}，在{area}', f'在{area}的{fac}干活，听说是市里招商引资的项目')]
    c['fields'].update(employer_name=P(fac, f'{R.choice(SURNAMES)}总', ''), project_name='', township=P(twpick(), ''))
    c['boss'] = '老板'
    c['note'] = 'HARD: a 招商引资 enterprise is still a private SME; government only attracted it → TF7_SME'


def sc_T7c(c):
    e, en = pick_emp('dispatch')
    fac = P('一个服装厂', '一个电子厂', '耐材厂', '食品厂', '一家机械厂')
    c['emp'] = e
    c['core'] = [P(f'{en}把我派到{fac}干活，工资一直没发', f'我是{en}派遣到{fac}的，{dur()}工资没给',
                   f'通过劳务派遣公司{en}去{fac}上班，钱没给')]
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '派遣公司老板'
    c['note'] = 'HARD: 劳务派遣 to a factory → TF7_SME'


def sc_T7d(c):
    sch, sn = school_name()
    if R.random() < 0.5:
        e, en = pick_emp('catering')
        c['emp'] = e
    else:
        en = f'食堂承包老板{R.choice(SURNAMES)}'
    c['core'] = [P(f'在{sn}食堂干活，食堂是私人老板承包的', f'我在{sn}食堂打饭，食堂包给{en}了',
                   f'{sn}的食堂是{en}承包的，我在里头帮厨')]
    c['fields'].update(employer_name=en, project_name='', township=sch['township'])
    c['boss'] = '承包老板'
    c['note'] = f'HARD: a private catering contractor runs the canteen of {sch["name"]}; the school is not the employer → TF7_SME'


def sc_T7e(c):
    est = R.choice(ESTATES)
    if R.random() < 0.6:
        e, en = pick_emp('property')
        c['emp'] = e
    else:
        en = '小区物业公司'
    job = P('当保安', '做保洁', '当电工', '看大门')
    c['core'] = [P(f'在{est}小区{job}，{en}欠工资', f'我是{est}的物业，{job}，物业公司{dur()}没发钱',
                   f'{en}管的{est}小区，我在那{job}')]
    c['fields'].update(employer_name=en, project_name=P(est, ''), township=P(twpick(), ''))
    c['boss'] = '物业经理'
    c['note'] = 'HARD: 物业 of a private housing estate → TF7_SME (not a public facility)'


def sc_F7a(c):
    k = P('饭店', '服装加工厂', '小超市', '物流公司', '汽修店', '食品厂', '宾馆', '私营小厂', '商贸公司', '烧烤店')
    c['fields'].update(employer_name=P(f'{R.choice(SURNAMES)}老板', f'{R.choice(SURNAMES)}姐', ''), project_name='',
                       township=P(twpick(), ''), employer_kind=k)
    c['core'] = [vague()]
    c['boss'] = '老板'
    c['note'] = f'text is vague; fields: employer_kind {k} → private SME → TF7_SME'


def sc_F7b(c):
    sc_F7a(c)
    k = P('耐火材料厂', '饭店', '物流公司', '洗车店')
    c['fields'].update(township='煤山街道', employer_kind=k)
    c['note'] = f'HARD: 煤山街道 is only an area; fields: employer_kind {k} → TF7_SME'


def sc_R7a(c):
    e, en = reg_case(c, 'sme', hide=R.random() < 0.8)
    c['note'] = f'registry: {e["name"]} is a private {e["sector"]} business → TF7_SME'


def sc_R7b(c):
    if R.random() < 0.5:
        e, en = reg_case(c, 'sme_hidden')
        c['note'] = f'HARD: {e["ind"]} name says nothing; registry sector {e["sector"]}, private → TF7_SME'
    else:
        e, en = pick_emp('logistics')
        c['emp'] = e
        c['core'] = [P(f'给{en}开车拉煤，{dur()}运费工资没给', f'在{en}跑运输，专门从煤矿往外拉煤', f'{en}的大车司机，拉煤的')]
        c['fields'].update(employer_name=en, project_name='', township=P(e['township'], ''))
        c['boss'] = '老板'
        c['note'] = f'HARD: hauling coal is not mining; registry: {e["name"]} is a logistics company → TF7_SME'


def sc_T2a(c):
    tw = twpick()
    gp = gov_project(tw)
    c['core'] = [P(f'给{gp}干活，是政府投资的项目', f'{gp}，财政出的钱，我们干完了钱不给', f'在{gp}干活，这是政府的工程',
                   f'镇上的{gp}，政府投资的，施工队欠我们钱')]
    c['fields'].update(employer_name=P('施工队', '', f'{R.choice(SURNAMES)}经理'), project_name=gp, township=tw)
    c['boss'] = '施工队老板'
    c['note'] = 'government-invested project (政府投资/财政资金) → TF2_GOV_PROJECT'


def sc_T2b(c):
    tw = twpick()
    gp = gov_project(tw)
    if R.random() < 0.5:
        e, en = pick_emp('cons')
        c['emp'] = e
        c['core'] = [P(f'{en}承包的{gp}，政府投资的，欠我们工钱', f'在{gp}工地干活，施工方是{en}，听说是政府出的钱')]
        c['fields']['employer_name'] = en
        c['boss'] = '包工头'
    else:
        b = boss_person()
        c['core'] = [P(f'跟着{b}给{gp}干活，是政府投资的项目', f'{b}是私人老板，承包了{gp}，这是财政资金的项目')]
        c['fields']['employer_name'] = b
        c['boss'] = b
    c['fields'].update(project_name=gp, township=tw)
    c['note'] = 'HARD: the builder is private, but the project is government-funded → TF2_GOV_PROJECT'


def sc_T2c(c):
    x = R.random()
    if x < 0.45:
        e = R.choice(POOLS['school'])
        en = emp_name(e)
        c['core'] = [P(f'我是{en}的代课老师，学校欠我{dur()}工资', f'在{en}当老师，临聘的，工资拖了{dur()}')]
        c['note'] = f'HARD: teacher at a public school ({e["name"]}, 事业单位) → TF2_GOV_PROJECT (not TF4)'
    elif x < 0.75:
        e = R.choice(POOLS['tw_gov'])
        en = emp_name(e)
        c['core'] = [P(f'在{en}当临时工，{dur()}没发工资', f'我在{en}食堂做饭，工资一直拖着')]
        c['note'] = f'government organ ({e["name"]}) owing its own staff → TF2_GOV_PROJECT'
    else:
        e = R.choice(POOLS['wsy'])
        en = emp_name(e)
        c['core'] = [P(f'在{en}上班，合同工，{dur()}没发工资', f'我是{en}的护理员，工资欠了{dur()}')]
        c['note'] = f'public hospital/卫生院 ({e["name"]}, 事业单位) owing its own staff → TF2_GOV_PROJECT'
    c['emp'] = e
    c['fields'].update(employer_name=en, project_name='', township=e['township'])
    c['boss'] = '单位'


def sc_T2d(c):
    en = emp_name(HWS)
    c['emp'] = HWS
    c['core'] = [P(f'我是{en}的临时工，扫大街的，{dur()}没发工资', f'在{en}干环卫，扫马路，工资拖着不给')]
    c['fields'].update(employer_name=en, project_name='', township=HWS['township'])
    c['boss'] = '单位'
    c['note'] = 'HARD: 环卫所 is a 事业单位 owing its own staff → TF2_GOV_PROJECT (not TF3)'


def sc_F2a(c):
    tw = twpick()
    e, en = pick_emp('cons')
    c['emp'] = e
    c['core'] = [P(neutral(en), vague())]
    c['fields'].update(employer_name=en, project_name=gov_project(tw), township=tw, project_funding='government')
    c['boss'] = '老板'
    c['note'] = 'HARD: registry says private builder, but fields.project_funding=government → TF2_GOV_PROJECT'


def sc_F2b(c):
    tw = twpick()
    e, en = pick_emp('soe_contractor')
    c['emp'] = e
    c['core'] = [P(neutral(en), vague('项目部'))]
    c['fields'].update(employer_name=en, project_name=gov_project(tw), township=tw, project_funding='government')
    c['boss'] = '项目部'
    c['note'] = 'HARD: state-owned contractor on a government-funded project (fields) → TF2_GOV_PROJECT (precedes TF6)'


def sc_F2c(c):
    tw = twpick()
    c['core'] = [vague(P('他们', '上面', '单位'))]
    if R.random() < 0.55:
        c['fields'].update(employer_name=P('', '施工方', '不清楚'), project_name=gov_project(tw), township=tw,
                           project_funding='government')
        c['note'] = 'text is vague; fields.project_funding=government → TF2_GOV_PROJECT'
    else:
        k = P('事业单位', '镇政府', '乡政府', '政府单位', '公办学校')
        c['fields'].update(employer_name=P('', '单位'), project_name='', township=tw, employer_kind=k)
        c['note'] = f'text is vague; fields.employer_kind {k} (own staff) → TF2_GOV_PROJECT'
    c['boss'] = '单位'


def sc_R2a(c):
    e, en = reg_case(c, 'gov')
    c['fields']['township'] = P(e['township'], '')
    c['core'] = [P(f'在{en}干了{dur()}临时工，工资一直拖着', f'{en}欠我工资', f'在{en}上班，{dur()}没发钱',
                   f'我在{en}打杂，钱一直不给')]
    c['boss'] = '单位'
    c['note'] = f'registry: {e["name"]} is a {"government organ" if e["kind"] == "organ" else "public institution"} owing its own staff → TF2_GOV_PROJECT'


def sc_R2b(c):
    e, en = reg_case(c, 'gov_trap')
    c['fields']['township'] = P(e['township'], '')
    job = {'sanitation_inst': '扫马路', 'municipal_inst': '修路灯', 'greening_inst': '修剪绿化带',
           'kinder_public': '当保育员', 'voc_public': '当老师'}[e['cat']]
    c['core'] = [P(f'在{en}{job}，{dur()}没发工资', f'我是{en}的临时工，{job}的，工资拖着')]
    c['boss'] = '单位'
    c['note'] = f'HARD: {e["name"]} sounds like public service/education but registry says 事业单位 owing its own staff → TF2_GOV_PROJECT'


def sc_T6a(c):
    if R.random() < 0.6:
        e, en = pick_emp('soe_plain')
        c['emp'] = e
        c['core'] = [P(f'在{en}干活，人家是国企', f'{en}是国有公司，欠了我们钱', f'给{en}干的活，国企也拖工资')]
    else:
        en = P('', f'{R.choice(SURNAMES)}经理')
        c['core'] = [P('在一个国企的项目上干活', '是国有企业的活，欠我们工钱', '老板是国企的，说钱没批下来')]
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '项目经理'
    c['note'] = 'state-owned employer (国企/国有) → TF6_SOE'


def sc_T6b(c):
    road = P('朝阳路', '丹阳路', '广成路', '望嵩路', '汝河大道', '洗耳河路', '紫云大道')
    b = boss_person()
    c['core'] = [P(f'城投公司修的{road}，我们在上面干活，{b}管着', f'{road}是城投的项目，我们跟着{b}干的',
                   f'城投修{road}，包给{b}，我们干了{dur()}')]
    c['fields'].update(employer_name=P(b, emp_name(CT)), project_name=f'{road}改造工程', township=P(twpick(), ''))
    if c['fields']['employer_name'] != b:
        c['emp'] = CT
    c['boss'] = b
    c['note'] = 'HARD: a 城投 road project is funded by an SOE → TF6_SOE (not TF2)'


def sc_T6c(c):
    e = R.choice(POOLS['soe_trap'])
    en = emp_name(e)
    c['emp'] = e
    kind = {'soe_water': '水务', 'soe_heat': '热力', 'soe_bus': '公交', 'soe_san': '环卫', 'soe_sec': '保安'}[e['cat']]
    job = {'soe_water': '抄表', 'soe_heat': '烧锅炉', 'soe_bus': '开公交', 'soe_san': '扫大街', 'soe_sec': '当保安'}[e['cat']]
    c['core'] = [P(f'我在{en}上班，国企，{dur()}没发工资', f'{en}是国有的，拖欠我们工资', f'在{en}{job}，国有企业也欠钱')]
    c['fields'].update(employer_name=en, project_name='', township=P(e['township'], ''))
    c['boss'] = '公司'
    c['note'] = f'HARD: state-owned {kind} company → TF6_SOE (not TF3/TF7)'


def sc_F6a(c):
    e, en = pick_emp('cons')
    c['emp'] = e
    c['core'] = [P(neutral(en), vague())]
    c['fields'].update(employer_name=en, project_name=P('城投安置小区', '交投快速通道', '水务集团管网改造', '城投棚改项目'),
                       township=P(twpick(), ''), project_funding='soe')
    c['boss'] = '老板'
    c['note'] = 'HARD: registry says private builder, but fields.project_funding=soe → TF6_SOE'


def sc_F6b(c):
    c['core'] = [vague(P('项目部', '公司'))]
    c['fields'].update(employer_name=P('', '项目部', f'{R.choice(SURNAMES)}经理'), project_name=P('', estate()),
                       township=P(twpick(), ''), employer_kind=P('国企', '国有企业', '国有公司'))
    c['boss'] = '项目部'
    c['note'] = 'text is vague; fields.employer_kind 国企 → TF6_SOE'


def sc_R6a(c):
    e, en = reg_case(c, 'soe_plain')
    c['boss'] = '公司'
    c['note'] = f'registry: {e["name"]} is state-owned → TF6_SOE'


def sc_R6b(c):
    e, en = reg_case(c, 'soe_trap')
    job = {'soe_water': '抄水表', 'soe_heat': '烧锅炉', 'soe_bus': '开公交', 'soe_san': '扫大街', 'soe_sec': '当保安'}[e['cat']]
    c['core'] = [P(f'在{en}{job}，{dur()}没发工资', f'我是{en}的，{job}，工资拖着')]
    c['boss'] = '公司'
    c['note'] = f'HARD: sounds like public service/security, but registry: {e["name"]} is state-owned → TF6_SOE'


def sc_R6c(c):
    e, en = reg_case(c, 'soe_contractor')
    est = estate()
    c['core'] = [P(f'在{en}承建的{est}工地{R.choice(JOBS)}', f'{est}工地是{en}干的，我们在上面{R.choice(JOBS)}')]
    c['fields']['project_name'] = est
    c['boss'] = '项目部'
    c['note'] = f'HARD: a building site (TF1 surface) of a state-owned contractor ({e["name"]}) → TF6_SOE'


def sc_T0a(c):
    c['core'] = [P('我是送外卖的骑手，站点一直没给结钱', '跑网约车，平台公司扣着流水不给', '在网上做主播，公会不给结算',
                   '干代驾的，公司欠提成不给', '跑腿配送的，平台说我违规扣了工资', '在外卖平台送餐，站长扣着工资不发')]
    c['fields'].update(employer_name=P('外卖站点', '平台', '', '站长'), project_name='', township=P(twpick(), ''))
    c['boss'] = '站长'
    c['note'] = '新业态 platform work (外卖/网约车/主播) → OFFICE'


def sc_T0b(c):
    c['core'] = [P(f'在一户人家当保姆，照顾老人{dur()}，雇主不给钱', f'给人家看孩子{dur()}，那家人不给工钱',
                   '在别人家做钟点工，欠我好几个月的钱')]
    c['fields'].update(employer_name=P(f'{R.choice(SURNAMES)}姐', f'{R.choice(SURNAMES)}先生', '雇主'), project_name='',
                       township=P(twpick(), ''))
    c['boss'] = '雇主'
    c['hc1'] = True
    c['note'] = 'household employer → OFFICE'


def sc_T0c(c):
    c['core'] = [P('给一家人的孩子当家教，辅导数学，家长欠我课时费', '在学生家里做一对一家教，家长一直不给钱',
                   '当私人家教，孩子家长拖了我好几个月的课时费')]
    c['fields'].update(employer_name=P('学生家长', f'{R.choice(SURNAMES)}女士'), project_name='', township=P(twpick(), ''))
    c['boss'] = '家长'
    c['hc1'] = True
    c['note'] = 'HARD: a family\'s private tutor is not an education institution → OFFICE'


def sc_T0d(c):
    c['core'] = [P('给村里种植大户摘花椒', '在香菇大棚干活', '给人家果园剪枝打药', '在养鸡场喂鸡', '给人家收麦子')]
    c['fields'].update(employer_name=P(f'{R.choice(SURNAMES)}老板', '种植户', ''), project_name='',
                       township=R.choice(TOWNS))
    c['boss'] = '老板'
    c['note'] = 'agriculture work for an individual grower → OFFICE'


def sc_F0a(c):
    k = P('个人', '网络平台', '不清楚', '家庭雇主', '农业种植户', '个体老板（不知道干啥的）')
    c['core'] = [vague()]
    c['fields'].update(employer_name=P(f'{R.choice(SURNAMES)}姐', f'{R.choice(SURNAMES)}某', ''), project_name='',
                       township=P(twpick(), ''), employer_kind=k)
    c['boss'] = '老板'
    c['note'] = f'text is vague; fields.employer_kind {k} → OFFICE (unclear / non-enterprise employer)'


def sc_R0a(c):
    e, en = reg_case(c, 'other')
    c['note'] = f'registry: {e["name"]} is sector other (agriculture/holding/cooperative) → OFFICE'


def sc_R0b(c):
    e, en = reg_case(c, 'other_shiye')
    c['note'] = f'HARD: 实业 sounds like industry, but registry sector is other → OFFICE'


def sc_T3a(c):
    x = R.random()
    en = ''
    if R.random() < 0.5:
        e, en = pick_emp('pubsvc')
        c['emp'] = e
        cls = row_cls(e)
        jb = {'greening': '在路边栽树搞绿化', 'sanitation': '扫大街', 'maintenance': '修马路补坑'}[cls]
        c['core'] = [P(f'在{en}{jb}', f'给{en}干活，{jb}')]
    else:
        c['core'] = [P('在私人老板承包的环卫公司扫大街', '给一家绿化公司在路边栽树', '在园林公司干绿化养护',
                       '在市政养护公司修马路补坑洼', '给路灯维护公司修路灯')]
        en = P('', f'{R.choice(SURNAMES)}老板')
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '老板'
    c['note'] = 'public-service work (环卫/绿化/市政养护) by a private contractor → TF3_PUBLIC_SVC'


def sc_T3b(c):
    fac_r = R.choice([r for r in POOLS['wsy'] if r['cat'] == 'hospital'])
    fac = P(emp_name(fac_r), '市体育中心', '汝河公园', '市民之家', '汽车站', '政务服务中心', '市图书馆')
    if R.random() < 0.5:
        e, en = pick_emp('property')
        c['emp'] = e
    else:
        en = '物业公司'
    c['core'] = [P(f'在{fac}做物业保洁，{en}拖欠工资', f'我是{fac}的物业，{en}派过去的，{dur()}没发钱')]
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '物业经理'
    c['note'] = f'HARD: 物业 for a public facility ({fac}) → TF3_PUBLIC_SVC (not TF7; the facility is not the employer)'


def sc_F3a(c):
    k = P('绿化公司', '环卫公司（私人承包）', '市政养护公司', '路灯维护公司', '公园物业')
    c['core'] = [vague()]
    c['fields'].update(employer_name=P('', f'{R.choice(SURNAMES)}老板'), project_name='', township=P(twpick(), ''),
                       employer_kind=k)
    c['boss'] = '老板'
    c['note'] = f'text is vague; fields.employer_kind {k} → TF3_PUBLIC_SVC'


def sc_R3a(c):
    e, en = reg_case(c, 'pubsvc')
    c['note'] = f'registry: {e["name"]} is a private public-service company → TF3_PUBLIC_SVC'


def sc_R3b(c):
    for _ in range(100):
        e = R.choice([r for r in POOLS['pubsvc'] if r['ind'] == '园林绿化工程'])
        f = [x[1] for x in valid_forms(e) if x[0] in ('exact', 'nosuf')]
        if f:
            break
    en = R.choice(f)
    c['emp'] = e
    c['fields'].update(employer_name=en, project_name='', township=P(e['township'], ''))
    c['core'] = [neutral(en)]
    c['boss'] = '老板'
    c['note'] = 'HARD: 园林绿化工程 sounds like construction; registry sector public_service → TF3_PUBLIC_SVC'


def sc_T4a(c):
    if R.random() < 0.5:
        e, en = pick_emp('edu')
        c['emp'] = e
        c['core'] = [P(f'在{en}当老师，{dur()}工资没发', f'{en}欠我课时费', f'我在{en}上班，老师')]
    else:
        en = ''
        c['core'] = [P('在辅导班当老师，老板欠半年工资', '在驾校当教练，工资拖着', '在私立幼儿园当老师，园长不发工资',
                       '在一个培训学校教英语，钱没给', '教育咨询公司做课程顾问，提成不给')]
    c['fields'].update(employer_name=en or P('', f'{R.choice(SURNAMES)}校长'), project_name='', township=P(twpick(), ''))
    c['boss'] = '校长'
    c['note'] = 'private education/training institution → TF4_EDU'


def sc_T4b(c):
    if R.random() < 0.6:
        e, en = pick_emp('wuxiao')
        c['emp'] = e
    else:
        en = P('武校', '一个武术学校')
    c['core'] = [P(f'在{en}当教练，民办的，{dur()}没发工资', f'我是{en}的武术老师，私人办的学校，欠我工资')]
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '校长'
    c['note'] = 'HARD: teacher at a private 武校 → TF4_EDU (not a public school)'


def sc_F4a(c):
    k = P('培训机构', '民办学校', '驾校', '私立幼儿园', '辅导班')
    c['core'] = [vague(P('校长', '老板'))]
    c['fields'].update(employer_name=P('', f'{R.choice(SURNAMES)}校长'), project_name='', township=P(twpick(), ''),
                       employer_kind=k)
    c['boss'] = '校长'
    c['note'] = f'text is vague; fields.employer_kind {k} → TF4_EDU'


def sc_R4a(c):
    e, en = reg_case(c, 'edu', hide=False)
    c['note'] = f'registry: {e["name"]} is a private education/training institution → TF4_EDU'


def sc_R4b(c):
    e, en = reg_case(c, 'edu_hidden', hide=False)
    c['note'] = f'HARD: 教育科技 reads like a tech company; registry sector education_training → TF4_EDU'


def sc_T5a(c):
    st = R.choice(['蟒川', '大峪', '庙下', '夏店', '陵头', '寄料'])
    if R.random() < 0.5:
        e, en = pick_emp('coal')
        c['emp'] = e
    else:
        en = P(f'{st}一个小煤矿', f'{st}那边的煤矿')
    c['core'] = [P(f'在{en}井下挖煤，{dur()}没发工资', f'{en}，我下井干掘进', f'在{en}井下开绞车，工资拖着')]
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '矿长'
    c['note'] = 'coal mine, underground work → TF5_COAL'


def sc_T5b(c):
    if R.random() < 0.5:
        e, en = pick_emp('cons_labor')
        c['emp'] = e
    else:
        en = boss_person()
    mine = P('蟒川一个煤矿', '大峪煤矿', '一个小煤窑', '夏店那边的煤矿')
    c['core'] = [P(f'{en}把我们派到{mine}井下干活', f'跟着{en}去{mine}井下修巷道', f'{en}接了{mine}井下的活，我们去干的')]
    c['fields'].update(employer_name=en, project_name='', township=P(twpick(), ''))
    c['boss'] = '老板'
    c['note'] = 'HARD: a construction/labour outfit\'s workers underground at a mine → TF5_COAL'


def sc_T5c(c):
    for _ in range(200):
        e = R.choice([r for r in POOLS['coal'] if r['kind'] == 'ent' and r['ind'] == '煤业'])
        f = [x[1] for x in valid_forms(e) if x[0] in ('exact', 'nosuf', 'short') and '煤' in x[1]]
        if f:
            break
    en = R.choice(f)
    c['emp'] = e
    c['core'] = [P(f'{en}盖职工宿舍楼，我们在工地上{R.choice(JOBS)}', f'给{en}盖办公楼，我在工地{R.choice(JOBS)}')]
    c['fields'].update(employer_name=en, project_name=P('职工宿舍楼', '办公楼', ''), township=P(e['township'], ''))
    c['boss'] = '包工头'
    c['note'] = 'HARD: a building site of a coal company → TF5_COAL (coal precedes construction)'


def sc_F5a(c):
    st = R.choice(['蟒川', '大峪', '庙下', '夏店', '陵头', '寄料'])
    c['core'] = [vague()]
    c['fields'].update(employer_name=P('', f'{R.choice(SURNAMES)}矿长', f'{R.choice(SURNAMES)}老板'),
                       project_name=P(f'{st}煤矿井下巷道维修', f'{st}煤矿副井', ''), township=P(twpick(), ''),
                       employer_kind=P('煤矿', '煤业公司', '小煤窑'))
    c['boss'] = '老板'
    c['note'] = 'text is vague; fields: employer_kind/project is a coal mine → TF5_COAL'


def sc_R5a(c):
    e, en = reg_case(c, 'coal', hide=True)
    c['note'] = f'registry: {e["name"]} is a coal enterprise → TF5_COAL'


def sc_R5b(c):
    e, en = reg_case(c, 'coal_hidden')
    c['note'] = f'HARD: {e["ind"]} name hides it; registry sector coal → TF5_COAL'


def sc_R5c(c):
    e, en = reg_case(c, 'soe_coal')
    c['boss'] = '矿上'
    c['note'] = f'HARD: {e["name"]} is state-owned, but coal precedes SOE → TF5_COAL'


# code, task force, basis, hard, count, builder
SCEN = [
    ('T1a', 0, 'text', 0, 40, sc_T1a), ('T1b', 0, 'text', 1, 10, sc_T1b), ('T1c', 0, 'text', 1, 8, sc_T1c),
    ('T1d', 0, 'text', 1, 5, sc_T1d), ('F1a', 0, 'fields', 0, 50, sc_F1a), ('F1b', 0, 'fields', 1, 8, sc_F1b),
    ('F1c', 0, 'fields', 1, 6, sc_F1c), ('R1a', 0, 'registry', 0, 41, sc_R1a), ('R1b', 0, 'registry', 1, 8, sc_R1b),
    ('R1c', 0, 'registry', 1, 4, sc_R1c),
    ('T7a', 6, 'text', 0, 18, sc_T7a), ('T7b', 6, 'text', 1, 5, sc_T7b), ('T7c', 6, 'text', 1, 5, sc_T7c),
    ('T7d', 6, 'text', 1, 5, sc_T7d), ('T7e', 6, 'text', 1, 5, sc_T7e), ('F7a', 6, 'fields', 0, 20, sc_F7a),
    ('F7b', 6, 'fields', 1, 4, sc_F7b), ('R7a', 6, 'registry', 0, 20, sc_R7a), ('R7b', 6, 'registry', 1, 8, sc_R7b),
    ('T2a', 1, 'text', 0, 10, sc_T2a), ('T2b', 1, 'text', 1, 8, sc_T2b), ('T2c', 1, 'text', 0, 9, sc_T2c),
    ('T2d', 1, 'text', 1, 3, sc_T2d), ('F2a', 1, 'fields', 1, 10, sc_F2a), ('F2b', 1, 'fields', 1, 5, sc_F2b),
    ('F2c', 1, 'fields', 0, 9, sc_F2c), ('R2a', 1, 'registry', 0, 10, sc_R2a), ('R2b', 1, 'registry', 1, 8, sc_R2b),
    ('T6a', 5, 'text', 0, 7, sc_T6a), ('T6b', 5, 'text', 1, 5, sc_T6b), ('T6c', 5, 'text', 1, 5, sc_T6c),
    ('F6a', 5, 'fields', 1, 6, sc_F6a), ('F6b', 5, 'fields', 0, 10, sc_F6b), ('R6a', 5, 'registry', 0, 10, sc_R6a),
    ('R6b', 5, 'registry', 1, 10, sc_R6b), ('R6c', 5, 'registry', 1, 7, sc_R6c),
    ('T0a', 7, 'text', 0, 10, sc_T0a), ('T0b', 7, 'text', 0, 5, sc_T0b), ('T0c', 7, 'text', 1, 4, sc_T0c),
    ('T0d', 7, 'text', 0, 4, sc_T0d), ('F0a', 7, 'fields', 0, 16, sc_F0a), ('R0a', 7, 'registry', 0, 12, sc_R0a),
    ('R0b', 7, 'registry', 1, 6, sc_R0b),
    ('T3a', 2, 'text', 0, 11, sc_T3a), ('T3b', 2, 'text', 1, 6, sc_T3b), ('F3a', 2, 'fields', 0, 13, sc_F3a),
    ('R3a', 2, 'registry', 0, 14, sc_R3a), ('R3b', 2, 'registry', 1, 6, sc_R3b),
    ('T4a', 3, 'text', 0, 11, sc_T4a), ('T4b', 3, 'text', 1, 5, sc_T4b), ('F4a', 3, 'fields', 0, 14, sc_F4a),
    ('R4a', 3, 'registry', 0, 12, sc_R4a), ('R4b', 3, 'registry', 1, 6, sc_R4b),
    ('T5a', 4, 'text', 0, 8, sc_T5a), ('T5b', 4, 'text', 1, 5, sc_T5b), ('T5c', 4, 'text', 1, 4, sc_T5c),
    ('F5a', 4, 'fields', 0, 8, sc_F5a), ('R5a', 4, 'registry', 0, 7, sc_R5a), ('R5b', 4, 'registry', 1, 6, sc_R5b),
    ('R5c', 4, 'registry', 1, 5, sc_R5c),
]
NO_ABSCOND = {'T2c', 'T2d', 'R2a', 'R2b', 'F2b', 'F2c', 'T6a', 'T6c', 'F6b', 'R6a', 'R6b', 'R6c', 'R5c'}
NO_GROUP = {'T0b', 'T0c'}

ABS = ['{b}跑路了', '{b}跑了，电话关机', '{b}人联系不上了', '{b}电话一直打不通', '{b}把我们微信都拉黑了', '{b}手机关机好几天了',
       '{b}人找不到了', '{b}失联一个多月了', '{b}换号了，找不着人', '公司人去楼空，{b}不见了', '办公室都搬空了，{b}人影都没有',
       '听说{b}回外地老家躲起来了', '打{b}电话是空号', '{b}电话停机了', '{b}微信不回电话不接，人也找不着', '{b}早就不见人了',
       '{b}跑得没影了', '去{b}家找，门锁着人不知道去哪了', '{b}一直躲着不露面，电话也不通', '{b}这几个月就没露过面，电话也打不通了',
       '{b}卷钱跑了', '{b}把我拉黑了，打电话也不接']
REACH = ['{b}电话能打通，就说没钱', '{b}人就在那转悠，就是不给', '{b}没跑，天天见，就是拖着', '{b}微信也回，就是一直说下个月',
         '找到{b}了，他说上面没给他钱', '{b}人在家呢，就是赖着不给', '{b}电话接是接，一说钱就挂']
EXT = ['再不给钱我就从楼上跳下去', '实在不行我们就去堵路', '兄弟们商量好了要去围堵他公司大门', '准备去市政府门口拉横幅',
       '我真不想活了', '逼急了我就爬塔吊', '买了瓶农药在身上，不给钱就喝了', '大不了跟他拼了', '明天我们就集体去上访',
       '再拖下去我也不知道会干出啥事', '有人说要去动手打他', '过年回不了家，真想一了百了', '准备去北京上访',
       '都说要去把工地大门堵了', '要是再不给，我就去他家闹', '我们要走极端了', '几个工友说要去闹事', '再不给就去他家门口拉横幅',
       '我已经站到楼顶上了', '活着还有啥意思', '明天去把路一堵看他给不给']
NEG = ['我们不会去闹事，就想要回血汗钱', '我们不会去堵路，也不想上访，就想走正规途径', '没说要去闹，就想问问咋办',
       '我不想走极端', '听说上回有人爬塔吊才要到钱，我们可不干那事', '不会干傻事的，放心', '我们都是老实人，不会去拉横幅',
       '不想闹到上访那一步', '我们不堵路不闹事，就想要个说法']
RAMBLE = ['家里还有俩孩子上学等着交学费', '过年都回不了家', '我爹住院还等着钱用', '天天去要，天天推', '我们都是老实巴交的庄稼人',
          '跑了好几趟了', '房租都交不起了', '一家老小就指望这点钱', '年纪大了，干点活不容易', '说好的干完就结，结果到现在也没有',
          '我媳妇天天跟我吵', '孩子开学学费还没着落']
GREET = ['你好，', '您好，', '领导好，', '同志你好，', '麻烦问一下，', '求助！', '打扰了，', '喂，', '我想反映个事，', '我要投诉，',
         '救救我们吧，', '问下，', '在吗？']
REQ = ['帮帮我们', '怎么办啊', '能不能帮我要回来', '这钱还能要回来不', '求领导做主', '行不行给个说法', '找谁管啊', '谢谢',
       '急！！', '麻烦你们管管', '我该怎么办']
DIALECT = [('我们', '俺们'), ('我', '俺'), ('你们', '恁'), ('怎么办', '咋办'), ('怎么', '咋'), ('什么', '啥'),
           ('行不行', '中不中'), ('没有', '木有'), ('干什么', '弄啥')]
TYPOS = [('已经', '以经'), ('现在', '现再'), ('工资', '工支'), ('一直', '一只'), ('知道', '知到'), ('怎么', '怎莫'),
         ('的', '地'), ('在', '再'), ('没有', '没又'), ('老板', '老扳'), ('这个', '这各'), ('结算', '结蒜'), ('钱', '前')]


def cn_int(n, liang=False):
    if n < 10:
        return '两' if (n == 2 and liang) else CN_DIG[n]
    if n < 100:
        return cn_small(n)
    h, r = divmod(n, 100)
    s = CN_DIG[h] + '百'
    if r == 0:
        return s
    if r < 10:
        return s + '零' + CN_DIG[r]
    return s + (CN_DIG[r // 10] + '十' + (CN_DIG[r % 10] if r % 10 else ''))


def cn_money(n):
    if n % 100:
        return None
    w, rest = divmod(n, 10000)
    if w >= 1000:
        return None
    if w:
        s = cn_int(w, liang=True) + '万'
        if rest == 0:
            return s
        if rest % 1000 == 0:
            return s + CN_DIG[rest // 1000]
        return None
    th, h = rest // 1000, (rest % 1000) // 100
    s = ''
    if th:
        s = cn_int(th, liang=True) + '千'
    if h:
        s += CN_DIG[h] if th else CN_DIG[h] + '百'
    return s


def money(n):
    opts = [f'{n}元', f'{n}块', f'{n}块钱']
    c = cn_money(n)
    if c:
        opts += [c, c + '块钱', c + '块', c]
    if n >= 10000 and n % 1000 == 0:
        opts.append(f'{n / 10000:g}万')
        opts.append(f'{n / 10000:g}万块')
    return R.choice(opts)


def make_amount(hc):
    if hc == 1:
        k = R.random()
        if k < 0.3:
            d, days = R.choice([150, 180, 200, 220, 250, 260, 280, 300, 350]), R.randint(12, 120)
            return d * days, P(f'一天{d}，干了{days}天', f'一天{d}块干了{days}天，一分没给', f'{days}个工，一个工{d}'), days
        if k < 0.55:
            m, mo = R.randrange(3000, 8500, 500), R.randint(2, 9)
            return m * mo, P(f'一个月{m}，一共欠{money(m * mo)}', f'每月{money(m)}，总共{money(m * mo)}没给'), 0
        amt = R.randrange(3000, 80000, 100) if R.random() < 0.5 else R.randrange(3000, 80000, 1000)
        return amt, P(f'欠我{money(amt)}', f'一共{money(amt)}', f'{money(amt)}一分没见着', f'工钱{money(amt)}到现在没给'), 0
    per = R.randrange(5000, 40000, 500)
    amt = per * hc
    if hc >= 10 and R.random() < 0.15 and 200000 <= amt < 300000:
        return amt, P('一共二十多万', '加起来二十几万'), 0
    return amt, P(f'一共欠{money(amt)}', f'总共{money(amt)}', f'每人{money(per)}左右，一共{money(amt)}',
                  f'{money(amt)}的工钱到现在没给', f'欠我们{money(amt)}'), 0


def make_hc(group):
    if group:
        return wchoice([(R.randint(10, 15), 30), (R.randint(16, 29), 40), (R.randint(30, 60), 20), (R.randint(61, 150), 10)])
    return wchoice([(1, 40), (R.randint(2, 3), 25), (R.randint(4, 9), 35)])


def hc_phrase(hc):
    if hc == 1:
        return P('就我一个', '就我自己', '我一个人', '就我一个人干的')
    if hc == 2:
        return P('我们俩', '我和我媳妇俩人', '我们两个')
    if hc == 3:
        return P('我们仨', '我们三个人')
    if hc < 10:
        o = [f'我们{hc}个人', f'我们{cn_small(hc)}个人']
        if hc in (5, 6):
            o.append('我们五六个人')
        if hc in (7, 8):
            o.append('我们七八个人')
        if hc == 9:
            o.append('我们快十个人了')
        return R.choice(o)
    o = [f'我们{hc}个人', f'一共{hc}个工人']
    if hc <= 12:
        o.append('我们十来个人')
    if hc < 20:
        o.append('我们十几个人')
    elif hc < 30:
        o += ['我们二十多个人', '二十几个工友']
    elif hc < 40:
        o.append('我们三十多个人')
    elif 40 <= hc <= 55:
        o.append('四五十号人')
    elif 100 <= hc < 200:
        o.append('一百多人')
    return R.choice(o)


def dialectize(t):
    for a, b in DIALECT:
        if a == '没有' and R.random() < 0.6:
            continue
        if a == '我' and R.random() < 0.2:
            continue
        t = t.replace(a, b)
    return t


def add_typos(t):
    for _ in range(R.randint(1, 2)):
        a, b = R.choice(TYPOS)
        if a in t:
            i = t.find(a)
            t = t[:i] + b + t[i + len(a):]
    return t


def join_parts(parts):
    out = parts[0]
    for p in parts[1:]:
        sep = wchoice([('，', 60), ('。', 15), (' ', 8), ('！', 5), ('', 4), (',', 5), ('…', 3)])
        out = out.rstrip('，,')
        if out and out[-1] in '。！？!?…~':
            sep = ''
        out = out + sep + p
    if out and out[-1] in '。！？!?…~':
        return out
    return out + wchoice([('', 40), ('。', 20), ('！', 10), ('！！', 5), ('？', 5), ('…', 4)])


def build_case(code, tfi, basis, hard, fn, flags):
    for _ in range(300):
        c = {'core': [], 'fields': {}, 'emp': None, 'note': '', 'boss': '老板'}
        fn(c)
        group = 'group' in flags
        hc = 1 if c.get('hc1') else make_hc(group)
        amt, amt_txt, days = make_amount(hc)
        if days:
            c['core'] = [re.sub('|'.join(DUR), f'{days}天', x) for x in c['core']]
        b = c['boss']
        parts = []
        short_voice = R.random() < 0.25
        if not short_voice and R.random() < 0.35:
            parts.append(R.choice(GREET).rstrip('，'))
        parts += c['core']
        core_txt = ''.join(c['core'])
        if not short_voice and not days and R.random() < 0.3 and not any(d in core_txt for d in DUR) and '干了' not in core_txt:
            parts.append(P(f'干了{dur()}', R.choice(SPAN)))
        if group or R.random() < 0.55:
            parts.append(hc_phrase(hc) + (P('', '的工钱都没给', '一起干的', '') if hc > 1 else ''))
        if R.random() < 0.85:
            parts.append(amt_txt)
        flag_why = []
        if 'absconded' in flags:
            ph = R.choice(ABS).replace('{b}', b)
            parts.append(ph)
            flag_why.append('absconded')
        elif flags.get('reach'):
            parts.append(R.choice(REACH).replace('{b}', b))
            flag_why.append('boss reachable but refuses → no absconded')
        if 'extreme_risk' in flags:
            parts.append(R.choice(EXT))
            flag_why.append('extreme_risk')
        elif flags.get('neg'):
            parts.append(R.choice(NEG))
            flag_why.append('threat explicitly negated → no extreme_risk')
        if not short_voice and R.random() < 0.3:
            parts.append(R.choice(RAMBLE))
        if not short_voice and R.random() < 0.55:
            parts.append(R.choice(REQ))
        if hc == 1:
            parts = [p.replace('我们', '我').replace('兄弟们商量好了', '我想好了').replace('我都是', '我是')
                     for p in parts]
        dialect = R.random() < 0.4
        if dialect and R.random() < 0.3:
            parts.append(P('中不中', '可咋弄啊', '恁给俺想想办法'))
        text = join_parts(parts)
        f = c['fields']
        allowed = [f.get('employer_name', '')] + ([c['emp']['name']] if c['emp'] else [])
        if foreign_zh(text, allowed) or foreign_zh(f.get('project_name', ''), allowed) or \
                foreign_zh(f.get('employer_name', ''), allowed):
            continue
        if dialect:
            text = dialectize(text)
        if R.random() < 0.2:
            text = add_typos(text)
        fields = {'employer_name': f.get('employer_name', ''), 'project_name': f.get('project_name', ''),
                  'township': f.get('township', ''), 'headcount': hc, 'amount_yuan': amt}
        for k in ('project_funding', 'employer_kind'):
            if k in f:
                fields[k] = f[k]
        fl = [x for x in ('group', 'extreme_risk', 'absconded') if x in flags]
        if group:
            flag_why.insert(0, f'group (headcount {hc})')
        note = ('' if hard else '') + c['note']
        if flag_why:
            note += '; flags: ' + ', '.join(flag_why)
        note += f' (basis: {basis})'
        if c['emp']:
            note += f' [employer #{c["emp"]["id"]}]'
        return {'text': text, 'fields': fields, 'expected_task_force': TF[tfi], 'expected_flags': fl, 'note': note,
                '_code': code, '_hard': hard, '_basis': basis}
    raise RuntimeError(code)


def build_routing():
    slots = []
    for code, tfi, basis, hard, n, fn in SCEN:
        for _ in range(n):
            slots.append([code, tfi, basis, hard, fn, {}])
    R.shuffle(slots)

    def choose(cands, k, weight=lambda s: 1):
        cands = list(cands)
        chosen = []
        for _ in range(k):
            tot = sum(weight(s) for s in cands)
            x = R.random() * tot
            for j, s in enumerate(cands):
                x -= weight(s)
                if x <= 0:
                    chosen.append(cands.pop(j))
                    break
        return chosen
    for s in choose([s for s in slots if s[0] not in NO_GROUP], 150,
                    lambda s: 3 if s[1] in (0, 4) else (2 if s[1] in (1, 5) else 1)):
        s[5]['group'] = True
    for s in choose([s for s in slots if s[0] not in NO_ABSCOND], 90, lambda s: 3 if s[1] in (0,) else 1):
        s[5]['absconded'] = True
    for s in choose(slots, 60, lambda s: 2 if 'group' in s[5] else 1):
        s[5]['extreme_risk'] = True
    for s in choose([s for s in slots if 'extreme_risk' not in s[5]], 35):
        s[5]['neg'] = True
    for s in choose([s for s in slots if 'absconded' not in s[5] and s[0] not in NO_ABSCOND], 35):
        s[5]['reach'] = True
    cases = [build_case(code, tfi, basis, hard, fn, flags) for code, tfi, basis, hard, fn, flags in slots]
    # traditional characters in about 7 %
    for c in R.sample(cases, 42):
        c['text'] = s2t(c['text'])
        if R.random() < 0.5:
            c['fields']['employer_name'] = s2t(c['fields']['employer_name'])
        c['note'] = c['note'].replace(' (basis:', ' [traditional text] (basis:', 1) if False else c['note']
    for c in cases:
        if c['_hard']:
            c['note'] = c['note'] if c['note'].startswith('HARD:') else 'HARD: ' + c['note']
    return cases


CASES = build_routing()


# =====================================================================
# 7. write, validate, summarise
# =====================================================================
def write_all():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'registry.csv'), 'w', newline='', encoding='utf-8') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['id', 'name', 'uscc', 'sector', 'ownership', 'township'])
        for r in sorted(ROWS, key=lambda r: r['id']):
            w.writerow([r['id'], r['name'], r['uscc'], r['sector'], r['ownership'], r['township']])
    with open(os.path.join(OUT, 'match_queries.jsonl'), 'w', encoding='utf-8') as fh:
        for q in QUERIES:
            fh.write(json.dumps(q, ensure_ascii=False) + '\n')
    with open(os.path.join(OUT, 'routing_cases.jsonl'), 'w', encoding='utf-8') as fh:
        for c in CASES:
            fh.write(json.dumps({k: c[k] for k in ('text', 'fields', 'expected_task_force', 'expected_flags', 'note')},
                                ensure_ascii=False) + '\n')


def validate():
    errs = []
    with open(os.path.join(OUT, 'registry.csv'), encoding='utf-8') as fh:
        rows = list(csv.DictReader(fh))
    ids = [int(r['id']) for r in rows]
    if sorted(ids) != list(range(1, len(rows) + 1)):
        errs.append('registry ids are not 1..N')
    if len({r['name'] for r in rows}) != len(rows):
        errs.append('duplicate names')
    us = [r['uscc'] for r in rows]
    if len(set(us)) != len(us):
        errs.append('duplicate USCC')
    bad = [u for u in us if not uscc_valid(u)]
    if bad:
        errs.append(f'{len(bad)} invalid USCC, e.g. {bad[:3]}')
    SECT = {'construction', 'coal', 'education_training', 'public_service', 'manufacturing', 'services',
            'public_institution', 'other'}
    OWN = {'private', 'soe', 'government', 'public_institution'}
    for r in rows:
        if r['sector'] not in SECT or r['ownership'] not in OWN or r['township'] not in TW_FULL:
            errs.append(f'bad row {r}')
            break
        u = r['uscc']
        exp = {'inst': '12', 'organ': '11'}
        if r['ownership'] == 'public_institution' and not u.startswith('12'):
            errs.append(f'institution uscc {r}')
        if r['ownership'] == 'government' and not u.startswith('11'):
            errs.append(f'organ uscc {r}')
    idset = set(ids)
    qs = [json.loads(l) for l in open(os.path.join(OUT, 'match_queries.jsonl'), encoding='utf-8')]
    for q in qs:
        if set(q) != {'query', 'expected_id', 'variant'} or not isinstance(q['query'], str) or not q['query']:
            errs.append(f'bad query {q}')
        if q['expected_id'] is not None and q['expected_id'] not in idset:
            errs.append(f'unknown id {q}')
    if len({q['query'] for q in qs}) != len(qs):
        errs.append('duplicate query strings')
    cs = [json.loads(l) for l in open(os.path.join(OUT, 'routing_cases.jsonl'), encoding='utf-8')]
    for c in cs:
        if set(c) != {'text', 'fields', 'expected_task_force', 'expected_flags', 'note'}:
            errs.append(f'bad case keys {c}')
        if c['expected_task_force'] not in TF:
            errs.append(f'bad TF {c}')
        if any(f not in ('group', 'extreme_risk', 'absconded') for f in c['expected_flags']):
            errs.append(f'bad flag {c}')
        fd = c['fields']
        for k in ('employer_name', 'project_name', 'township', 'headcount', 'amount_yuan'):
            if k not in fd:
                errs.append(f'missing field {k}')
        if not isinstance(fd['headcount'], int) or not isinstance(fd['amount_yuan'], int):
            errs.append('non-int headcount/amount')
        if ('group' in c['expected_flags']) != (fd['headcount'] >= 10):
            errs.append(f'group flag inconsistent {c}')
        if fd.get('project_funding', 'unknown') not in ('government', 'soe', 'private', 'unknown'):
            errs.append('bad project_funding')
        if fd['township'] and fd['township'] not in TW_FULL:
            errs.append(f'bad township {fd["township"]}')
        if not re.search(r'\(basis: (text|fields|registry)\)( \[employer #\d+\])?$', c['note']):
            errs.append(f'bad note {c["note"]}')
        m = re.search(r'\[employer #(\d+)\]', c['note'])
        if m and int(m.group(1)) not in idset:
            errs.append('note employer id unknown')
    return rows, qs, cs, errs


T2S = {v: k for k, v in S2T.items()}


def clean(q):
    q = ''.join(T2S.get(ch, ch) for ch in q)
    return re.sub(r'[\s\u3000，。！？!?,.…~～“”"()（）【】\[\]·\-]', '', q).lower()


def reverify_queries():
    """post-hoc checks, independent of the generators:
    (1) witness: the expected row's 字号 (or a one-character homophone/look-alike, its pinyin, or a one-character
        insertion/deletion of it) or its name/alias occurs in the query;
    (2) containment: for plain-name variants no other row's name contains the cleaned query, except branches of
        the expected company."""
    fails1, fails2 = [], []
    names = [(r['id'], r['name']) for r in ROWS]
    for q in QUERIES:
        tid = q['expected_id']
        if tid is None:
            continue
        t = BY_ID[tid]
        qq = clean(q['query'])
        ok = False
        if t.get('zh'):
            z = t['zh']
            if z in qq or (py_cat(z) or '#') in qq:
                ok = True
            else:
                L = len(z)
                for i in range(len(qq) - L + 1):
                    w = qq[i:i + L]
                    if sum(1 for a, b in zip(w, z) if a != b) == 1 and all(confusable_char(a, b) for a, b in zip(w, z)):
                        ok = True
                for d in range(L):
                    if z[:d] + z[d + 1:] in qq:
                        ok = True
                for i in range(len(qq) - L):
                    w = qq[i:i + L + 1]
                    if any(w[:d] + w[d + 1:] == z for d in range(L + 1)):
                        ok = True
        else:
            ok = any(a in qq for a in [t['name']] + t['aliases']) or tid in near_names(qq) or \
                 ('汝能' in qq and t.get('cat') in ('soe_coal', 'soe_mine'))
        if not ok:
            fails1.append(q)
        if q['variant'] in ('exact', 'no_suffix', 'short', 'traditional', 'region_changed') and qq != t['name']:
            pk = t.get('pkey')
            others = [i for i, n in names if qq in n and i != tid and
                      not (pk and BY_ID[i].get('pkey') == pk and BY_ID[i]['kind'] == 'branch') and
                      not (t.get('cat') == 'soe_coal' and BY_ID[i].get('cat') == 'soe_mine')]
            if others:
                fails2.append((q, others[:3]))
    return fails1, fails2


if __name__ == '__main__':
    write_all()
    rows, qs, cs, errs = validate()
    print(f'output: {OUT}  (seed {SEED})')
    print(f'registry.csv: {len(rows)} rows; kinds', dict(Counter(r["kind"] for r in ROWS)))
    print('  sector   ', dict(Counter(r['sector'] for r in rows)))
    print('  ownership', dict(Counter(r['ownership'] for r in rows)))
    print('  uscc type', dict(Counter(r['uscc'][:2] for r in rows)))
    print('  township ', dict(Counter(r['township'] for r in rows)))
    print(f'  distinct 字号: {len(ZH_SET)}; 字号 used by >=5 rows: {sum(1 for z in ZH_SET if len(ZROWS[z]) >= 5)}')
    print(f'match_queries.jsonl: {len(qs)} queries, null {sum(1 for q in qs if q["expected_id"] is None)} '
          f'({100 * sum(1 for q in qs if q["expected_id"] is None) / len(qs):.1f} %)')
    vn = Counter(q['variant'] for q in qs if q['expected_id'] is not None)
    vz = Counter(q['variant'] for q in qs if q['expected_id'] is None)
    for v in sorted(set(vn) | set(vz), key=lambda v: -vn[v]):
        print(f'  {v:15s} non-null {vn[v]:4d}  null {vz[v]:3d}')
    print('  null kinds:', dict(NULL_HOW))
    print(f'routing_cases.jsonl: {len(cs)} cases')
    print('  task force', dict(Counter(c['expected_task_force'] for c in cs).most_common()))
    fc = Counter(f for c in cs for f in c['expected_flags'])
    print('  flags     ', dict(fc), 'none', sum(1 for c in cs if not c['expected_flags']))
    print('  HARD', sum(1 for c in CASES if c['_hard']), ' basis', dict(Counter(c['_basis'] for c in CASES)),
          ' with [employer #]', sum(1 for c in cs if '[employer #' in c['note']),
          ' traditional', sum(1 for c in cs if c['text'] != c['text'].translate({ord(v): k for k, v in S2T.items()})),
          ' negated threat', sum(1 for c in cs if 'no extreme_risk' in c['note']),
          ' reachable boss', sum(1 for c in cs if 'no absconded' in c['note']))
    bad_emp = 0
    for c in CASES:
        m = re.search(r'\[employer #(\d+)\]', c['note'])
        if m:
            t = BY_ID[int(m.group(1))]
            fake = {'query': c['fields']['employer_name'], 'expected_id': t['id'], 'variant': 'routing'}
            saved = QUERIES[:]
            QUERIES[:] = [fake]
            w1, _ = reverify_queries()
            QUERIES[:] = saved
            bad_emp += bool(w1)
    print(f'routing: employer_name does not witness the [employer #] row in {bad_emp} cases')
    if bad_emp:
        errs.append('routing employer witness')
    f1, f2 = reverify_queries()
    print(f'post-hoc query checks: witness failures {len(f1)}, containment conflicts {len(f2)}')
    for q in f1[:10]:
        print('   witness?', q, BY_ID[q['expected_id']]['name'])
    for q, o in f2[:10]:
        print('   contained?', q, [BY_ID[i]['name'] for i in o])
    if f1 or f2:
        errs.append('post-hoc query checks failed')
    print('validation:', 'OK' if not errs else f'{len(errs)} ERRORS')
    for e in errs[:20]:
        print('  ', e)
    sys.exit(1 if errs else 0)
