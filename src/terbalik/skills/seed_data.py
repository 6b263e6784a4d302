# ruff: noqa: E501  (one skill per line reads better unbroken)
"""The shipped skills taxonomy: about 150 skills reverse-mentoring programs use.

One line per skill: (canonical id, category, Indonesian label, English label, Indonesian
synonyms, English synonyms), synonyms separated by "|". The data migration
`0002_seed_skills` installs them, and `services.skill_seed_install` re-installs missing ones
(idempotent: skills already present, edited or merged by HR are left alone). Legacy option values
of the shipped intake surveys (``social_media``, ``ai_tools`` ...) are synonyms, so older
answers map too. Every label and synonym must lead to one skill only (a test checks it).
"""

from __future__ import annotations

from typing import NamedTuple


class SeedSkill(NamedTuple):
    slug: str
    category: str
    label_id: str
    label_en: str
    synonyms_id: tuple[str, ...]
    synonyms_en: tuple[str, ...]


_RAW = """
social-media|social_media|Media sosial|Social media|medsos|sosmed|media sosial dan konten digital|social_media|social media and digital content|socmed
instagram|social_media|Instagram|Instagram|ig|insta|instagram reels|reels
tiktok|social_media|TikTok|TikTok|tik tok|konten tiktok|tiktok content|short video
youtube|social_media|YouTube|YouTube|yt|kanal youtube|youtube channel
linkedin|social_media|LinkedIn|LinkedIn|profil linkedin|linkedin profile|professional networking
x-twitter|social_media|X (Twitter)|X (Twitter)|twitter|twitter|tweet
facebook|social_media|Facebook|Facebook|fb|halaman facebook|facebook page
whatsapp-business|social_media|WhatsApp Business|WhatsApp Business|wa bisnis|whatsapp bisnis|whatsapp for business
content-creation|social_media|Pembuatan konten|Content creation|bikin konten|membuat konten|content creator|content making
copywriting|social_media|Penulisan naskah iklan|Copywriting|copywriting|menulis caption|caption writing|writing captions
video-editing|social_media|Edit video|Video editing|mengedit video|membuat video|video|capcut|making videos|making videos and engaging slides
photo-editing|social_media|Edit foto|Photo editing|mengedit foto|lightroom|photo retouching|photoshop
graphic-design|social_media|Desain grafis|Graphic design|desain|visual design|design
canva|social_media|Canva|Canva|desain canva|canva design
personal-branding|social_media|Branding pribadi|Personal branding|citra diri online|online presence
influencer-marketing|social_media|Pemasaran lewat influencer|Influencer marketing|kol|endorse|key opinion leaders|influencers
community-management|social_media|Pengelolaan komunitas online|Online community management|admin komunitas|community manager|managing online communities
social-listening|social_media|Pemantauan percakapan media sosial|Social listening|social listening|social media monitoring
podcasting|social_media|Membuat podcast|Podcasting|podcast|siniar|podcast production
live-streaming|social_media|Siaran langsung|Live streaming|live streaming|siaran live|live selling|streaming
memes-internet-culture|social_media|Meme dan budaya internet|Memes and internet culture|meme|budaya internet|internet culture|memes
digital-marketing|ecommerce|Pemasaran digital|Digital marketing|digital marketing|pemasaran online|online marketing|internet marketing
seo|ecommerce|Optimasi mesin pencari (SEO)|Search engine optimisation (SEO)|seo|optimasi seo|search engine optimization|search engine optimisation
sem-ads|ecommerce|Iklan digital berbayar|Paid digital advertising|iklan online|iklan berbayar|google ads|meta ads|facebook ads|paid ads|online ads|ppc
email-marketing|ecommerce|Pemasaran lewat e-mail|E-mail marketing|newsletter|email blast|newsletters|email campaigns
ecommerce|ecommerce|E-commerce|E-commerce|toko online|jualan online|perdagangan elektronik|e commerce|online store|online shop|ecommerce and digital payments
marketplace-selling|ecommerce|Berjualan di marketplace|Selling on marketplaces|marketplace|tokopedia|shopee|lazada|jualan di marketplace|online marketplaces
social-commerce|ecommerce|Social commerce|Social commerce|jualan lewat medsos|live shopping|selling on social media
digital-payments|ecommerce|Pembayaran digital|Digital payments|dompet digital|e-wallet|qris|gopay|ovo|dana|pembayaran nontunai|mobile payments|cashless payments
fintech|ecommerce|Teknologi finansial (fintech)|Financial technology (fintech)|fintech|tekfin|paylater|buy now pay later
customer-experience-online|ecommerce|Pengalaman pelanggan online|Online customer experience|cx digital|digital customer experience|online cx
conversion-analytics|ecommerce|Analisis konversi dan funnel|Conversion and funnel analysis|funnel penjualan|conversion rate|sales funnel|funnel analysis
digital-product-management|ecommerce|Manajemen produk digital|Digital product management|product management|manajer produk|product manager|product owner
ux-design|ecommerce|Desain pengalaman pengguna (UX)|User experience design (UX)|ux|ui ux|desain ux|desain aplikasi|ux design|ui design|user experience
omnichannel|ecommerce|Strategi omnichannel|Omnichannel strategy|omnichannel|o2o|online to offline
data-analysis|data_ai|Analisis data|Data analysis|analisa data|analitik data|mengolah data|mengolah dan membaca data|data|data analytics|working with data|analysing data|analytics
data-visualisation|data_ai|Visualisasi data|Data visualisation|visualisasi|grafik data|data visualization|charts|data viz
dashboards|data_ai|Dasbor dan pelaporan|Dashboards and reporting|dasbor|dashboard|laporan otomatis|reporting|bi dashboards
power-bi|data_ai|Power BI|Power BI|powerbi|microsoft power bi
tableau|data_ai|Tableau|Tableau|tableau public
looker-studio|data_ai|Looker Studio|Looker Studio|google data studio|data studio|looker
excel|data_ai|Microsoft Excel|Microsoft Excel|ms excel|lembar kerja|rumus excel|excel|spreadsheet|spreadsheets|excel formulas
pivot-tables|data_ai|Tabel pivot|Pivot tables|pivot|pivot table
google-sheets|data_ai|Google Sheets|Google Sheets|gsheet|google spreadsheet|gsheets
sql|data_ai|SQL|SQL|kueri database|basis data|database queries|databases|mysql|postgresql
python|data_ai|Python|Python|pemrograman python|python programming|pandas
r-language|data_ai|Bahasa R|R programming|pemrograman r|rstudio|r language
statistics|data_ai|Statistik|Statistics|statistika|basic statistics
data-literacy|data_ai|Literasi data|Data literacy|melek data|paham data|data driven|data-driven decisions
big-data|data_ai|Big data|Big data|data besar|big data analytics
data-governance|data_ai|Tata kelola data|Data governance|kualitas data|data quality|data management
machine-learning|data_ai|Pembelajaran mesin|Machine learning|ml|machine learning|model prediksi|predictive models
generative-ai|data_ai|AI generatif|Generative AI|ai generatif|kecerdasan buatan generatif|memakai alat ai generatif|alat ai|ai_tools|genai|gen ai|using generative ai tools|ai tools
chatgpt|data_ai|ChatGPT|ChatGPT|chat gpt|chatbot ai|ai chatbots
prompt-engineering|data_ai|Menulis prompt|Prompt engineering|prompting|menyusun prompt|writing prompts|prompt writing
microsoft-copilot|data_ai|Microsoft Copilot|Microsoft Copilot|copilot|github copilot
gemini|data_ai|Google Gemini|Google Gemini|gemini|bard
ai-image-tools|data_ai|AI untuk gambar|AI image tools|midjourney|dall e|stable diffusion|ai image generation
artificial-intelligence|data_ai|Kecerdasan buatan (AI)|Artificial intelligence (AI)|ai|kecerdasan buatan|artificial intelligence
ai-ethics|data_ai|Etika AI|AI ethics|ai yang bertanggung jawab|responsible ai|ai governance
automation|data_ai|Otomatisasi proses|Process automation|otomasi|rpa|automation|robotic process automation
no-code|data_ai|Aplikasi tanpa kode (no-code)|No-code and low-code apps|no code|low code|power apps|appsheet|nocode
zapier-integrations|data_ai|Integrasi aplikasi otomatis|App integrations and workflows|zapier|make com|power automate|ifttt
web-analytics|data_ai|Analitik situs web|Web analytics|google analytics|ga4|website analytics
cybersecurity-hygiene|cybersecurity|Kebersihan keamanan siber|Cyber security hygiene|keamanan siber|keamanan online|keamanan dan privasi online|online_safety|cyber security|cybersecurity|online safety|online safety and privacy|it security
phishing-awareness|cybersecurity|Mengenali phishing|Phishing awareness|phising|penipuan online|email palsu|phishing|scam emails|online scams
password-management|cybersecurity|Pengelolaan kata sandi|Password management|kata sandi|password manager|passwords|strong passwords
two-factor-authentication|cybersecurity|Autentikasi dua faktor|Two-factor authentication|2fa|verifikasi dua langkah|mfa|two step verification|multi factor authentication
data-privacy|cybersecurity|Privasi data pribadi|Data privacy|pdp|uu pdp|perlindungan data pribadi|privacy|personal data protection|gdpr
safe-browsing|cybersecurity|Berselancar aman di internet|Safe browsing|internet aman|wifi publik|public wifi|safe internet use
device-security|cybersecurity|Keamanan perangkat|Device security|keamanan ponsel|keamanan laptop|update perangkat|mobile security|laptop security
social-engineering|cybersecurity|Rekayasa sosial|Social engineering|manipulasi psikologis|pretexting
digital-footprint|cybersecurity|Jejak digital|Digital footprint|rekam jejak digital|online reputation
hoax-detection|cybersecurity|Mengenali hoaks|Spotting misinformation|hoaks|hoax|cek fakta|berita palsu|fake news|fact checking|misinformation
backup|cybersecurity|Pencadangan data|Data backup|backup|cadangan data|backups
online-meetings|collaboration|Rapat online|Online meetings|rapat daring|meeting online|video conference|virtual meetings|video calls
zoom|collaboration|Zoom|Zoom|zoom meeting|rapat zoom
microsoft-teams|collaboration|Microsoft Teams|Microsoft Teams|teams|ms teams
google-meet|collaboration|Google Meet|Google Meet|gmeet|meet
google-workspace|collaboration|Google Workspace|Google Workspace|google docs|gdocs|g suite|gsuite|google drive
microsoft-365|collaboration|Microsoft 365|Microsoft 365|office 365|ms office|microsoft office|sharepoint|onedrive
cloud-storage|collaboration|Penyimpanan cloud|Cloud storage|penyimpanan awan|simpan di cloud|dropbox|file sharing
slack|collaboration|Slack|Slack|slack workspace
project-management-tools|collaboration|Aplikasi manajemen proyek|Project management tools|trello|asana|jira|monday|kanban board|task boards
notion|collaboration|Notion|Notion|notion workspace
collaboration-apps|collaboration|Aplikasi kerja dan kolaborasi online|Productivity and collaboration apps|aplikasi kerja|aplikasi kolaborasi|productivity|kolaborasi online|productivity apps|collaboration tools|online collaboration
digital-whiteboards|collaboration|Papan tulis digital|Digital whiteboards|miro|mural|figjam|online whiteboard
remote-work|collaboration|Kerja jarak jauh|Remote and hybrid work|wfh|kerja dari rumah|kerja hibrida|hybrid work|work from home|remote working
digital-etiquette|collaboration|Etika berkomunikasi digital|Digital etiquette|etiket chat|sopan santun digital|netiquette|chat etiquette
async-communication|collaboration|Komunikasi asinkron|Asynchronous communication|komunikasi tertulis|async|written communication
presentation-skills|collaboration|Presentasi yang menarik|Engaging presentations|presentasi|slide presentasi|powerpoint|google slides|presentations|slides
agile|collaboration|Cara kerja agile|Agile ways of working|agile|scrum|sprint|agile working
design-thinking|collaboration|Design thinking|Design thinking|pemikiran desain|human centred design|human centered design
calendar-management|collaboration|Pengelolaan kalender dan waktu|Calendar and time management|manajemen waktu|kalender|time management|calendars
gen-z-insight|customer_insight|Memahami Gen Z|Understanding Gen Z|gen z|generasi z|generasi zoomer|zoomers|generation z
millennial-insight|customer_insight|Memahami milenial|Understanding millennials|milenial|generasi milenial|generasi y|millennials|gen y
young-customers|customer_insight|Memahami pelanggan dan karyawan muda|Understanding younger customers and colleagues|pelanggan muda|young_customers|karyawan muda|younger customers|young consumers|youth insight
youth-trends|customer_insight|Tren anak muda|Youth trends|tren terkini|yang lagi viral|viral trends|trends
consumer-behaviour|customer_insight|Perilaku konsumen|Consumer behaviour|perilaku pelanggan|consumer behavior|customer behaviour|customer behavior
customer-journey|customer_insight|Perjalanan pelanggan|Customer journey mapping|customer journey|peta perjalanan pelanggan|journey mapping
customer-feedback|customer_insight|Mengolah umpan balik pelanggan|Customer feedback|ulasan pelanggan|review pelanggan|customer reviews|voice of the customer
user-research|customer_insight|Riset pengguna|User research|wawancara pengguna|riset pasar|market research|user interviews
digital-natives|customer_insight|Cara berpikir generasi digital|How digital natives think|digital native|penduduk asli digital|digital natives
employer-branding|customer_insight|Employer branding|Employer branding|citra pemberi kerja|menarik talenta muda|attracting young talent
workplace-expectations-young|customer_insight|Harapan karyawan muda di tempat kerja|What young employees expect at work|ekspektasi karyawan muda|work life balance anak muda|young employee expectations|gen z at work
diversity-inclusion|customer_insight|Keberagaman dan inklusi|Diversity and inclusion|dei|inklusi|keberagaman|inclusion|diversity|d&i
accessibility|customer_insight|Aksesibilitas digital|Digital accessibility|aksesibilitas|ramah disabilitas|accessibility|inclusive design
mental-health-awareness|customer_insight|Kesadaran kesehatan mental|Mental health awareness|kesehatan mental di kantor|mental health
sustainability-mindset|customer_insight|Kesadaran keberlanjutan|Sustainability awareness|esg|ramah lingkungan|green business|esg awareness
gaming-culture|customer_insight|Budaya gim dan esports|Gaming and esports culture|esports|e sport|gamifikasi|gamification
creator-economy|customer_insight|Ekonomi kreator|Creator economy|kreator konten|ekonomi kreatif digital|creators
leadership|leadership|Kepemimpinan|Leadership|memimpin|leadership skills|leading people
people-management|leadership|Mengelola tim|People management|manajemen tim|memimpin tim|team management|managing people|managing teams
coaching|leadership|Coaching|Coaching|pembinaan|mentoring|coaching skills
feedback-skills|leadership|Memberi dan menerima umpan balik|Giving and receiving feedback|umpan balik|feedback|memberi masukan|giving feedback
decision-making|leadership|Pengambilan keputusan|Decision making|mengambil keputusan|decisions|making decisions
delegation|leadership|Delegasi|Delegation|mendelegasikan|delegating
change-management|leadership|Manajemen perubahan|Change management|mengelola perubahan|transformasi|leading change|transformation
digital-leadership|leadership|Kepemimpinan digital|Digital leadership|memimpin transformasi digital|digital transformation leadership|digital transformation
emotional-intelligence|leadership|Kecerdasan emosional|Emotional intelligence|eq|empati|empathy|emotional quotient
conflict-resolution|leadership|Penyelesaian konflik|Conflict resolution|mengelola konflik|konflik|conflict management
career-development|leadership|Pengembangan karier|Career development|jenjang karier|career planning|career growth|career advice
resilience|leadership|Ketangguhan|Resilience|daya lenting|tahan banting|grit
ethics-integrity|leadership|Etika dan integritas|Ethics and integrity|integritas|etika kerja|ethics|integrity
strategy|strategy|Strategi|Strategy|strategi bisnis|perencanaan strategis|business strategy|strategic planning|strategic thinking
business-acumen|strategy|Ketajaman bisnis|Business acumen|naluri bisnis|pemahaman bisnis|business sense|commercial awareness
financial-literacy|strategy|Literasi keuangan|Financial literacy|membaca laporan keuangan|keuangan untuk non keuangan|finance for non finance|financial statements
budgeting|strategy|Penganggaran|Budgeting|anggaran|rencana anggaran|budgets|budget planning
risk-management|strategy|Manajemen risiko|Risk management|risiko|mengelola risiko|risk
corporate-governance|strategy|Tata kelola perusahaan|Corporate governance|gcg|tata kelola|governance
regulation-compliance|strategy|Regulasi dan kepatuhan|Regulation and compliance|kepatuhan|compliance|regulations
negotiation|strategy|Negosiasi|Negotiation|bernegosiasi|tawar menawar|negotiating
problem-solving|strategy|Pemecahan masalah|Problem solving|memecahkan masalah|problem solving skills|solving problems
critical-thinking|strategy|Berpikir kritis|Critical thinking|nalar kritis|analytical thinking|critical reasoning
innovation|strategy|Inovasi|Innovation|inovatif|berinovasi|innovating|intrapreneurship
business-model|strategy|Model bisnis|Business models|business model canvas|model usaha|bmc
industry-knowledge|strategy|Pengetahuan industri|Industry knowledge|wawasan industri|pengetahuan sektor|sector knowledge|industry insight
operations-management|strategy|Manajemen operasional|Operations management|operasional|operations|supply chain|rantai pasok
project-management|strategy|Manajemen proyek|Project management|mengelola proyek|pmp|managing projects|project planning
kpi-okr|strategy|KPI dan OKR|KPIs and OKRs|indikator kinerja|okr|kpi|objectives and key results|performance metrics
stakeholder-management|stakeholder|Manajemen pemangku kepentingan|Stakeholder management|pemangku kepentingan|stakeholder|mengelola stakeholder|managing stakeholders|stakeholders
networking|stakeholder|Membangun jejaring|Networking|jejaring|relasi|membangun relasi|building relationships|professional network
office-politics|stakeholder|Memahami dinamika organisasi|Navigating the organisation|politik kantor|dinamika kantor|navigating organisations|organisational savvy
executive-presence|stakeholder|Wibawa eksekutif|Executive presence|kharisma|karisma|gravitas
public-speaking|stakeholder|Berbicara di depan umum|Public speaking|bicara di depan publik|pidato|speaking in public|speeches
storytelling|stakeholder|Bercerita (storytelling)|Storytelling|bercerita|narasi|business storytelling|narrative
business-writing|stakeholder|Menulis untuk bisnis|Business writing|menulis laporan|surat resmi|report writing|writing reports
influencing|stakeholder|Memengaruhi dan membujuk|Influencing and persuasion|persuasi|membujuk|persuasion|influence
cross-cultural-communication|stakeholder|Komunikasi lintas budaya|Cross-cultural communication|lintas budaya|komunikasi antarbudaya|intercultural communication|working across cultures
english-communication|stakeholder|Komunikasi dalam bahasa Inggris|Communicating in English|bahasa inggris|english|business english|english speaking
client-relationship|stakeholder|Hubungan dengan klien|Client relationships|relasi klien|account management|key accounts|client management
meeting-facilitation|stakeholder|Memfasilitasi rapat|Meeting facilitation|fasilitasi|fasilitator|facilitation|facilitating workshops
technology|interests|Teknologi dan gawai baru|Technology and new gadgets|teknologi|gawai|gadget|gadgets|tech
pop-culture|interests|Budaya pop dan tren anak muda|Pop culture and youth trends|budaya pop|culture|k pop|kpop|pop culture
environment|interests|Lingkungan dan keberlanjutan|Environment and sustainability|lingkungan|sustainability|keberlanjutan|climate
entrepreneurship|interests|Kewirausahaan dan startup|Entrepreneurship and start-ups|kewirausahaan|wirausaha|startup|umkm|start ups|small business
wellbeing|interests|Kesehatan mental dan keseimbangan hidup|Wellbeing and work-life balance|kesejahteraan|keseimbangan hidup|work life balance|well being
sports|interests|Olahraga dan kegiatan luar ruang|Sports and the outdoors|olahraga|outdoor|lari|running|hiking|fitness
football|interests|Sepak bola|Football|bola|futsal|soccer
badminton|interests|Bulu tangkis|Badminton|badminton|bulutangkis
arts|interests|Seni, musik dan film|Arts, music and film|seni|kesenian|arts|art
music|interests|Musik|Music|musik|bernyanyi|band|singing
film|interests|Film dan serial|Film and series|nonton film|drakor|serial|movies|series|cinema
photography|interests|Fotografi|Photography|foto|memotret|photos|taking photos
reading|interests|Membaca|Reading|baca buku|membaca buku|books|reading books
travel|interests|Jalan-jalan|Travel|traveling|wisata|liburan|travelling|holidays
cooking|interests|Memasak|Cooking|masak|kuliner|baking|food
gaming|interests|Gim|Gaming|game|main game|video games|mobile games
community|interests|Kegiatan sosial dan komunitas|Volunteering and community work|relawan|kegiatan sosial|komunitas|volunteering|community work
chess|interests|Catur|Chess|main catur|playing chess
"""


def _parse(raw: str) -> list[SeedSkill]:
    """Lines: slug|category|label_id|label_en|synonyms...: Indonesian synonyms first, then
    English ones; they split in the middle unless ``_EN_FROM`` says where English starts."""
    out: list[SeedSkill] = []
    for line in raw.strip().splitlines():
        slug, category, label_id, label_en, *synonyms = line.split("|")
        half = _EN_FROM.get(slug, (len(synonyms) + 1) // 2)
        out.append(SeedSkill(slug, category, label_id, label_en,
                             tuple(synonyms[:half]), tuple(synonyms[half:])))
    return out


#: where the English synonyms start when it is not the middle of the list
_EN_FROM: dict[str, int] = {
    "linkedin": 1, "graphic-design": 1, "community-management": 1, "sem-ads": 2,
    "ecommerce": 3, "marketplace-selling": 5, "digital-payments": 7,
    "customer-experience-online": 1, "conversion-analytics": 1, "data-visualisation": 2,
    "data-governance": 1, "ai-ethics": 1, "cybersecurity-hygiene": 4, "design-thinking": 1,
    "consumer-behaviour": 1, "career-development": 1, "strategy": 2, "critical-thinking": 1,
    "english-communication": 1, "client-relationship": 1, "pop-culture": 1,
}

SEED: list[SeedSkill] = _parse(_RAW)
