// Language data for directives. Extend here, not in directives.ts.

/** Section headings whose content is tasks to carry out. */
export const DIRECTIVE_HEADINGS =
  /^(?:về\s+)?(?:các\s+|một\s+số\s+)?(?:nhiệm\s+vụ|giải\s+pháp|kiến\s+nghị|đề\s+xuất|đề\s+nghị|tổ\s+chức\s+thực\s+hiện|phân\s+công|phương\s+hướng|trách\s+nhiệm|một\s+số\s+nhiệm\s+vụ|yêu\s+cầu\s+(?:các|đối\s+với)|chỉ\s+đạo|ý\s+kiến\s+chỉ\s+đạo|giao\s+nhiệm\s+vụ|nội\s+dung\s+(?:thực\s+hiện|công\s+việc))/iu;

/** Section headings whose content describes, and holds no tasks (results, findings, causes). */
export const DESCRIPTIVE_HEADINGS =
  /^(?:những\s+|các\s+|về\s+)?(?:kết\s+quả|tồn\s+tại|hạn\s+chế|tình\s+hình|đánh\s+giá|nguyên\s+nhân|mục\s+đích|mục\s+tiêu|bối\s+cảnh|thực\s+trạng|khó\s+khăn|ưu\s+điểm|căn\s+cứ|đặc\s+điểm)/iu;

/** Verbs of assignment that open a list of tasks: "... yêu cầu các sở ... thực hiện ... sau:". */
export const ASSIGN_VERBS = ['yêu cầu', 'đề nghị', 'giao', 'chỉ đạo', 'kiến nghị', 'chỉ thị', 'giao nhiệm vụ', 'phân công'];

/** A sentence that announces the tasks below it ("Theo đề nghị của ..." opens a decision's preamble, not a list). */
export const TRIGGER =
  /(?:yêu\s+cầu|(?<!theo\s+)đề\s+nghị|giao|chỉ\s+đạo|kiến\s+nghị|chỉ\s+thị|phân\s+công)(?![\p{L}])[^:]{0,400}?(?:(?:sau\s+đây|như\s+sau|sau|dưới\s+đây|cụ\s+thể)\s*:?\s*$|:\s*$)/iu;

/** A sentence that names who must act and announces the list: "..., tỉnh X cần tập trung thực hiện các nhiệm vụ sau:"
 *  (case-sensitive: "Cần" opens "Cần Thơ"). */
export const ANNOUNCE =
  /(?<![\p{L}])(?:cần|phải)\s+[^:]{0,200}?(?<![\p{L}])(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|công\s+việc)(?![\p{L}])[^:]{0,120}?(?:sau\s+đây|như\s+sau|sau|dưới\s+đây)\s*:\s*$/u;

/** Sentences that report, not assign, even if they end with "như sau:". */
export const NOT_TRIGGER =
  /kết\s+luận(?:,\s*chỉ\s+đạo)?\s+như\s+sau|báo\s+cáo\s+như\s+sau|thông\s+báo\s+(?:kết\s+quả\s+)?[^:]*như\s+sau|(?:khiếu\s+nại|tố\s+cáo|kiến\s+nghị\s+của|đơn)[^:]*với\s+(?:các|những)\s+(?:yêu\s+cầu|đề\s+nghị|nội\s+dung)\s*(?:sau|như\s+sau)?\s*:\s*$/iu;
// (the last: a complaint "..., với các yêu cầu:" lists the complainants' demands, not tasks)

/** Words between an assigning verb and the assignees' task (end of the assignee list). */
export const TASK_START =
  /(?<![\p{L}])(?:tiếp\s+tục|tập\s+trung|thực\s+hiện|triển\s+khai|khẩn\s+trương|quan\s+tâm|nghiêm\s+túc|chủ\s+động|khẩn\s+trương|chủ\s+trì|phối\s+hợp|tổ\s+chức|căn\s+cứ|theo\s+chức\s+năng|sớm)(?![\p{L}])/iu;

/** An item that answers a proposal: "Về đề nghị ...: Bộ X nghiên cứu ..." (the answer names who acts). */
export const ANSWER_ITEM = /^về\s[^:]{3,600}?:\s*(?=\S)/iu;

/** Assignment inside a sentence: "giao Sở X ...", "yêu cầu UBND ...". */
export const ASSIGN_IN_SENTENCE = /(?<![\p{L}])(?:giao|yêu\s+cầu|đề\s+nghị|kiến\s+nghị|chỉ\s+đạo)\s+(?=\S)/giu;

/** An item that opens with its subject (group 1, short) and an assigning verb: "Tỉnh X yêu cầu ...", "Giao ...". */
export const ASSIGNS_AT_OPEN = /^([^.;:!?]{0,80}?\s)?(?:yêu\s+cầu|giao|đề\s+nghị)\s+/iu;

/** Where a list of actors ends: its verb, or a preposition that opens what they do ("... và các đơn vị liên quan trong phạm vi ..."). */
export const ACTOR_LIST_END =
  /\s(?:chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|chủ\s+trì|phối\s+hợp|thực\s+hiện|triển\s+khai|tổ\s+chức|tham\s+mưu|xây\s+dựng|tiếp\s+tục|tập\s+trung|khẩn\s+trương|chỉ\s+đạo|đề\s+xuất|đề\s+nghị|kiến\s+nghị|báo\s+cáo|hướng\s+dẫn|rà\s+soát|tăng\s+cường|đẩy\s+mạnh|bảo\s+đảm|đảm\s+bảo|nghiên\s+cứu|quán\s+triệt|kiểm\s+tra|theo\s+dõi|quan\s+tâm|chủ\s+động|nghiêm\s+túc|sớm|căn\s+cứ|theo|trong|về|tại|để|nhằm|đối\s+với|cần|phải)(?![\p{L}])|[.:!?]/gu;

/** Article cues in a quyết định: an article that assigns. */
export const ARTICLE_ASSIGN = /(?<![\p{L}])(?:chịu\s+trách\s+nhiệm\s+thi\s+hành|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|giao|chủ\s+trì|tổ\s+chức\s+thực\s+hiện|tổ\s+chức\s+triển\s+khai)(?![\p{L}])/iu;

/** "chủ trì": the agency just before it leads. */
export const LEAD_CUE = /(?<![\p{L}])chủ\s+trì(?![\p{L}])/giu;

/** A plan's label for the lead: "Đơn vị chủ trì thực hiện: Sở X.", "Đơn vị thực hiện: ...", "Chủ trì: Sở X; phối hợp: ...". */
export const LEAD_LABEL =
  /(?<![\p{L}])(?:(?:đơn\s+vị|cơ\s+quan)\s+(?:chủ\s+trì(?:\s+(?:thực\s+hiện|triển\s+khai))?|thực\s+hiện|triển\s+khai)|chủ\s+trì(?:\s+thực\s+hiện)?)\s*:\s*/giu;

/** "phối hợp (với|giữa)": the agencies after it cooperate. */
export const COOP_CUE = /(?<![\p{L}])phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|giữa|cùng))?(?![\p{L}])/giu;

/** The document's own closing ("Trên đây là ...", "... biết, thực hiện./."). */
export const CLOSING = /\.\s*\/\s*\.|^trên\s+đây\s+là|thông\s+báo\s+(?:để|cho)\s+[^.]*biết/iu;

/** Addressee headings: words that may stand around agency names ("Đối với", person titles). */
export const ADDRESSEE_FILLER = /(?<![\p{L}])(?:đối\s+với|về\s+phía|và|các|của|trực\s+thuộc|cấp|có\s+liên\s+quan|liên\s+quan)(?![\p{L}])/giu;

/** A submission's proposal: "UBND tỉnh kính trình HĐND tỉnh xem xét, ..." (the closing "Kính trình ... xem xét, quyết định./." alone is not one). */
export const PROPOSAL = /(?<![\p{L}])kính\s+trình\s+(?=\S)/iu;

/** A request to the letter's addressees by a general name: "đề nghị các cơ quan, đơn vị ...", "đề nghị Quý cơ quan ...". */
export const REQUEST_TO_ADDRESSEES =
  /(?<![\p{L}])(?:kính\s+)?(?:đề\s+nghị|yêu\s+cầu)\s+(?:quý\s+(?:cơ\s+quan|đơn\s+vị|sở|ban|ngành|ông|bà)|các\s+(?:cơ\s+quan|đơn\s+vị|địa\s+phương)(?:\s*,\s*(?:cơ\s+quan|đơn\s+vị|địa\s+phương))*)(?![\p{L}])/iu;

/** A closing sentence that still requests ("Đề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện./."). */
export const REQUEST_OPEN = /^(?:kính\s+)?(?:đề\s+nghị|yêu\s+cầu)\s/iu;

/** An item that details a request ("1. Thời gian đăng tải: ...", "2. Chi phí quản lý hành chính: 9.894 triệu đồng."): a label, a colon, a value. */
export const DETAIL_ITEM = /^[\p{Lu}][^:.;]{0,50}:\s*\S/u;

/** Verbs that end the subject of a heading that leads its items ("1. Sở X chịu trách nhiệm ..., thực hiện các khâu:"). */
export const HEADING_SUBJECT_END =
  /\s+(?:chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|chủ\s+trì|thực\s+hiện|tập\s+trung|khẩn\s+trương|tiếp\s+tục|chỉ\s+đạo|phối\s+hợp|triển\s+khai|cần|phải)(?![\p{L}])/u; // case kept: "Ban Chỉ đạo" is a name

/** Words that open the name of a body or a person's title in a heading the gazetteer may not know. */
export const OPEN_HEADS =
  /^(?:(?:Các\s+|Những\s+)?(?:Ban|Sở|Bộ|Tổ\s+công\s+tác|Đoàn\s+kiểm\s+tra|Trung\s+tâm|Công\s+ty|Tổng\s+công\s+ty|Báo|Đài|Kho\s+bạc|Bộ\s+Chỉ\s+huy|Tỉnh\s+đoàn|Thành\s+đoàn|Hội|Liên\s+đoàn|Ủy\s+ban|UBND|Hội\s+đồng|Văn\s+phòng|Thanh\s+tra|Công\s+an|Cục|Chi\s+cục|Viện|Trường|Bệnh\s+viện|Phòng|Công\s+chức|Cán\s+bộ|Thủ\s+trưởng|Giám\s+đốc|Chủ\s+tịch|Người\s+đứng\s+đầu|Chánh|Trưởng|Lãnh\s+đạo|Bí\s+thư)|(?:Các|Những)\s+(?:tổ\s+chức|đơn\s+vị|cơ\s+quan|doanh\s+nghiệp|ngành|địa\s+phương|hộ))(?![\p{L}])/u;

/** An obligation right after an item's subject: "Công chức Tư pháp - Hộ tịch có trách nhiệm hướng dẫn ...". */
export const DUTY_VERB = /^\s*(?:có|chịu)\s+trách\s+nhiệm(?![\p{L}])/iu;

/** An account of what was done or happens, not a task: "Sở X đã ...", "... đang ...", "... được ...". */
export const FACT_MARK = /(?<![\p{L}])(?:đã|đang|được|vừa)(?![\p{L}])/iu;

/** A person's title at the start of an addressee ("Chủ tịch UBND các huyện, thị xã, thành phố"): the title is the assignee, as printed. */
export const PERSON_TITLE_START = /^(?:Thủ\s+trưởng|Giám\s+đốc|Phó\s+Giám\s+đốc|Chủ\s+tịch|Người\s+đứng\s+đầu|Chánh\s+Văn\s+phòng|Chánh\s+Thanh\s+tra|Trưởng\s+ban|Bộ\s+trưởng|Cục\s+trưởng|Lãnh\s+đạo)(?![\p{L}])/u;
