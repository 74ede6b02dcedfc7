extension InterfaceCatalog {
    /// The commands' messages: `list`, `run`, `test`, `check`, `repl` and their
    /// help, the chapters' problems, the runner's and the state files' errors.
    static let commands: [String: String] = [
        // The limits a chapter's markdown keeps to (MarkdownLimitViolation).
        "nesting deeper than %@ levels": "嵌套超过 %@ 层",
        "a line with more than %@ '|' characters": "一行中的 '|' 超过 %@ 个",
        "the file is %@ bytes, more than the %@ a chapter may have": "文件有 %1$@ 字节，超过了一章允许的 %2$@ 字节",
        "quotes, lists and emphasis may nest at most %@ levels deep": "引用、列表和强调最多嵌套 %@ 层",
        "a table may have at most %@ columns; put very long code lines in a file": "一个表格最多 %@ 列；很长的代码行请放进文件",
        "split the chapter into several files": "把这一章拆成几个文件",
        // swift-argument-parser's own words (ParserWords).
        "OVERVIEW: ": "概述：",
        "USAGE: ": "用法：",
        "ARGUMENTS:": "参数：",
        "OPTIONS:": "选项：",
        "SUBCOMMANDS:": "子命令：",
        "Error: ": "错误：",
        "Usage: ": "用法：",
        "Show help information.": "显示帮助信息。",
        "See '%@' for more information.": "'%@' 说明更多。",
        "See 'async-tour help <subcommand>' for detailed help.": "'async-tour help <subcommand>' 显示子命令的详细帮助。",
        "(default: %@)": "（默认：%@）",
        " (default)": "（默认）",
        "Unknown option '%@'": "未知选项 '%@'",
        "Unexpected argument '%@'": "多余的参数 '%@'",
        "Missing expected argument '%@'": "缺少参数 '%@'",
        "Missing value for '%@'": "'%@' 缺少取值",
        "another platform":
            "其他平台",
        "runs on %@ only":
            "仅在 %@ 上运行",
        "a condition reads 'when cores >= N'":
            "条件的写法是 'when cores >= N'",
        "threads busy is a floor: write 'at least N threads busy for D ms'":
            "线程忙碌只能声明下限：写 'at least N threads busy for D ms'",
        "'%@' is not a count of threads: write a whole number from 1, or 'cores'":
            "'%@' 不是线程数：写一个不小于 1 的整数，或 'cores'",
        "the time reads 'for D ms' or 'for D s', with D above 0":
            "时长的写法是 'for D ms' 或 'for D s'，D 大于 0",
        "at most an hour (for 3600 s)":
            "最多一小时（for 3600 s）",
        "a claim starts 'at least N' or 'at most N', or is 'cpu above elapsed'":
            "声明以 'at least N' 或 'at most N' 开头，或者是 'cpu above elapsed'",
        "'%@' is not a count: write a whole number or 'cores'":
            "'%@' 不是数量：写一个整数，或 'cores'",
        "it counts one of '%@', or is 'at least N threads busy for D ms'":
            "可计数的项为 '%@'，或写 'at least N threads busy for D ms'",
        "cannot read the trace claim '%@': %@":
            "无法读取 trace 声明 '%1$@'：%2$@",
        "… (%@ more characters)":
            "…（另有 %@ 个字符）",
        "this HTML comment is never closed, so everything after it is hidden":
            "这个 HTML 注释没有结束，其后的内容全部被隐藏",
        "end the comment with -->":
            "用 --> 结束注释",
        "a '%@' fence is display code: the tour reads only '%@' in lowercase":
            "'%1$@' 代码块只作展示：教程只识别小写的 '%2$@'",
        "write ```%@ to make it one of the tour's blocks, or ```text for display code":
            "写 ```%@ 让教程识别它，展示用的代码写 ```text",
        "this %@ block does not follow an exercise":
            "这个 %@ 块不在练习之后",
        "put hint and solution blocks right after a ```swift exercise snippet and its output block":
            "把 hint 和 solution 块紧接在 ```swift 练习代码片段及其 output 块之后",
        "a hint after the solution":
            "提示写在了参考答案之后",
        "put the hints before the solution block":
            "把提示放在 solution 块之前",
        "an empty group in an unordered block":
            "unordered 块中有空的分组",
        "'---' separates groups of lines that may come in any order; put lines on both sides of it":
            "'---' 分隔可按任意顺序出现的行组；它的两侧都要有行",
        "a stdin block of %@ bytes, more than the %@ allowed":
            "stdin 块有 %1$@ 字节，超过允许的 %2$@ 字节",
        "shorten the input, or have the program generate it":
            "缩短输入，或让程序自己生成",
        "a diagnostics block follows a snippet that is not compile_fail":
            "diagnostics 块所跟的代码片段不是 compile_fail",
        "add compile_fail to the snippet's fence, or remove the block":
            "在代码片段的围栏行加上 compile_fail，或删除该块",
        "a trace block follows a python snippet, which has no runtime trace":
            "trace 块跟在 python 代码片段之后，而 Python 程序没有运行时 trace",
        "the timeline of a Python program comes from its tasks and prints; state what it must print in an output block":
            "Python 程序的时间线来自它的任务和打印；在 output 块中写明它必须打印的内容",
        "see 'Trace claims' in Lessons/README.md":
            "参见 Lessons/README.md 中的 'Trace claims'",
        "pair=%@ names no swift snippet of this chapter":
            "pair=%@ 没有指向本章的任何 swift 代码片段",
        "pair a python snippet with a swift one: pair=next, pair=previous or pair=N (the swift snippet's number)":
            "让 python 代码片段与一个 swift 代码片段配对：pair=next、pair=previous 或 pair=N（swift 代码片段的编号）",
        "this exercise has no solution block":
            "这个练习没有 solution 块",
        "add a ```solution block with Swift code that meets the goal, after its hints":
            "在提示之后加一个 ```solution 块，写出达成目标的 Swift 代码",
        "this %@ block does not directly follow a snippet":
            "这个 %@ 块没有紧跟在代码片段之后",
        "put it right after the snippet it describes, with no text in between":
            "把它紧接在所描述的代码片段之后，中间不要有文字",
        "a second %@ block for the same snippet":
            "同一个代码片段有第二个 %@ 块",
        "merge the two blocks into one":
            "把两个块合并成一个",
        "a compile_fail snippet never runs, so it has no output":
            "compile_fail 代码片段从不运行，因此没有输出",
        "use a diagnostics block for the compiler's message":
            "编译器的消息请写在 diagnostics 块中",
        "no chapter '%@' in %@; did you mean '%@'? ('%@' shows every chapter)":
            "%2$@ 中没有章节 '%1$@'；你是想输入 '%3$@' 吗？（'%4$@' 列出所有章节）",
        "no chapter '%@' in %@ ('%@' shows every chapter)":
            "%2$@ 中没有章节 '%1$@'（'%3$@' 列出所有章节）",
        "lessons directory not found: %@\n  hint: check the path given to --lessons":
            "找不到课程目录：%@\n  提示：检查传给 --lessons 的路径",
        "not a directory: %@\n  hint: --lessons takes the directory that holds the NN-slug.md chapters":
            "不是目录：%@\n  提示：--lessons 接受存放 NN-slug.md 章节文件的目录",
        "no chapters in %@\n  hint: a chapter is a file named like 01-why-async.md":
            "%@ 中没有章节\n  提示：章节文件的命名形如 01-why-async.md",
        "could not find the bundled Lessons directory (looked in %@)\n  hint: pass --lessons DIR or set ASYNC_TOUR_LESSONS":
            "找不到自带的 Lessons 目录（已查找：%@）\n  提示：传入 --lessons DIR 或设置 ASYNC_TOUR_LESSONS",
        "This course has no %@ translation (%@ is missing): the chapters are in English.":
            "本课程没有%1$@译本（缺少 %2$@）：章节以英文显示。",
        "this translation has no original: there is no %@ in %@":
            "这个译文没有对应的原文：%2$@ 中没有 %1$@",
        "name a translation exactly as the chapter it translates":
            "译文文件名须与所译章节完全相同",
        "Not yet translated into %@, shown in English: chapter %@.":
            "尚未译成%1$@、以英文显示的章节：第 %2$@ 章。",
        "The %@ text of chapter %@ differs from the English in its snippets and is shown in English ('async-tour check' says where).":
            "第 %2$@ 章的%1$@译文在代码片段上与英文原文不一致，改以英文显示（'async-tour check' 会指出位置）。",
        "The %@ text of chapter %@ cannot be loaded and is shown in English ('async-tour check' says why).":
            "第 %2$@ 章的%1$@译文无法载入，改以英文显示（'async-tour check' 会说明原因）。",
        "This course has no %@ translation (%@ holds no chapters): the chapters are in English.":
            "本课程没有%1$@译本（%2$@ 中没有章节）：章节以英文显示。",
        "the %@ translation cannot be read: it is not a directory of chapters":
            "无法读取%@译本：它不是存放章节的目录",
        "make %@ a directory holding the translated NN-slug.md files, or remove it":
            "把 %@ 改成存放已翻译 NN-slug.md 文件的目录，或者删除它",
        "The %@ translation (%@) cannot be read: the chapters are in English.":
            "无法读取%1$@译本（%2$@）：章节以英文显示。",
        "'%@' is not a chapter file name":
            "'%@' 不是章节文件名",
        "name chapters NN-slug.md with a number and a lowercase slug, e.g. 02-async-await.md":
            "章节文件命名为 NN-slug.md，由编号和小写 slug 组成，例如 02-async-await.md",
        "cannot read the file":
            "无法读取该文件",
        "check its permissions":
            "检查文件权限",
        "duplicate chapter id '%@': %@ already uses it":
            "章节 id '%1$@' 重复：%2$@ 已在使用",
        "duplicate chapter number %@: %@ already uses it":
            "章节编号 %1$@ 重复：%2$@ 已在使用",
        "give each chapter its own number and slug":
            "每个章节须有自己的编号和 slug",
        "the chapter cannot be loaded":
            "无法加载该章节",
        "the file is not valid UTF-8":
            "文件不是有效的 UTF-8",
        "save the chapter as UTF-8":
            "以 UTF-8 编码保存章节",
        "the chapter is empty":
            "章节是空的",
        "start it with a '# Title' heading, or remove the file":
            "以 '# 标题' 开头，或删除该文件",
        "this code fence is never closed":
            "这个代码围栏没有闭合",
        "add a closing ``` line after the code":
            "在代码之后加一行 ``` 闭合它",
        "the chapter has no heading":
            "章节没有标题",
        "start it with a '# Title' line":
            "以一行 '# 标题' 开头",
        "at least %@ s":
            "至少 %@ s",
        "at most %@ s":
            "至多 %@ s",
        "any time":
            "不限时长",
        "unknown platform '%@' on %@ %@ block":
            "%3$@ 块上的平台 '%1$@' 无法识别",
        "write os=linux or os=darwin":
            "写 os=linux 或 os=darwin",
        "use 'unordered', 'pattern' and 'os=linux' or 'os=darwin'. Did you mean '%@'?":
            "可用 'unordered'、'pattern' 以及 'os=linux' 或 'os=darwin'。你是想写 '%@' 吗？",
        "use 'unordered', 'pattern' and 'os=linux' or 'os=darwin'.":
            "可用 'unordered'、'pattern' 以及 'os=linux' 或 'os=darwin'。",
        "unknown attribute '%@' on %@ %@ block":
            "%3$@ 块上的属性 '%1$@' 无法识别",
        "%@ %@ block takes no attributes":
            "%2$@ 块不接受属性",
        "'%@' on a prelude: a prelude takes only os=":
            "prelude 上有 '%@'：prelude 只接受 os=",
        "a prelude is compiled into the snippets after it; give run attributes to those snippets":
            "prelude 会编译进其后的代码片段；运行属性请写在那些代码片段上",
        "malformed timeout '%@'":
            "timeout 格式错误：'%@'",
        "write a number of seconds, e.g. timeout=5":
            "写秒数，例如 timeout=5",
        "timeout=%@ is out of range":
            "timeout=%@ 超出范围",
        "a timeout is %@ to %@ seconds":
            "timeout 的范围是 %1$@ 到 %2$@ 秒",
        "memory=%@ is malformed or out of range":
            "memory=%@ 格式错误或超出范围",
        "write a size from 16M to 16G, e.g. memory=2G or memory=512M":
            "写 16M 到 16G 之间的大小，例如 memory=2G 或 memory=512M",
        "unknown language mode '%@'":
            "无法识别的语言模式 '%@'",
        "use mode=5 or mode=6 (the default)":
            "使用 mode=5 或 mode=6（默认）",
        "unknown platform '%@'":
            "无法识别的平台 '%@'",
        "sanitize=%@ is not one the tour allows":
            "教程不允许 sanitize=%@",
        "write sanitize=thread (ThreadSanitizer) or sanitize=address":
            "写 sanitize=thread（ThreadSanitizer）或 sanitize=address",
        "isolation=%@ is not a default isolation":
            "isolation=%@ 不是可用的默认隔离",
        "write isolation=MainActor or isolation=nonisolated (swiftc -default-isolation)":
            "写 isolation=MainActor 或 isolation=nonisolated（swiftc -default-isolation）",
        "did you mean '%@'? allowed: %@; separate several with commas":
            "你是想写 '%1$@' 吗？允许的有：%2$@；多个之间用逗号分隔",
        "allowed: %@; separate several with commas":
            "允许的有：%@；多个之间用逗号分隔",
        "upcoming feature '%@' is not one the tour allows":
            "教程不允许 upcoming feature '%@'",
        "%@ upcoming features on one snippet":
            "一个代码片段上有 %@ 个 upcoming feature",
        "a snippet may turn on at most %@":
            "一个代码片段最多开启 %@ 个",
        "compiler flag '%@' on a swift snippet: flags are given as attributes":
            "swift 代码片段上有编译器参数 '%@'：参数须以属性给出",
        "the tour allows optimize (-O), sanitize=thread (-sanitize=thread), sanitize=address, isolation=MainActor (-default-isolation MainActor) and upcoming=NAME (-enable-upcoming-feature NAME)":
            "教程允许 optimize（-O）、sanitize=thread（-sanitize=thread）、sanitize=address、isolation=MainActor（-default-isolation MainActor）和 upcoming=NAME（-enable-upcoming-feature NAME）",
        "a snippet can expect only one of compile_fail, crash and times_out":
            "一个代码片段只能预期 compile_fail、crash、times_out 之一",
        "keep the one that describes how the program ends":
            "保留描述程序如何结束的那一个",
        "a display snippet is never run, so it cannot carry run expectations":
            "display 代码片段从不运行，因此不能带运行预期",
        "remove 'display' or the other attributes":
            "删除 'display' 或其他属性",
        "an exercise's goal is a program that runs: it cannot be display, compile_fail, crash or times_out":
            "练习的目标是一个能运行的程序：不能是 display、compile_fail、crash 或 times_out",
        "describe the goal with time= and an output block; the starting code may fail in any way":
            "用 time= 和 output 块描述目标；起始代码可以以任何方式失败",
        "a compile_fail snippet never runs, so it cannot have a time band":
            "compile_fail 代码片段从不运行，因此不能有时间区间",
        "remove the time attribute":
            "删除 time 属性",
        "time band reaches %@ s but the timeout is %@ s":
            "时间区间达到 %1$@ s，而 timeout 是 %2$@ s",
        "raise timeout= above the band":
            "把 timeout= 调到区间之上",
        "'%@' in requires= is not a Python module name":
            "requires= 中的 '%@' 不是 Python 模块名",
        "write the modules the program imports, e.g. requires=aiohttp":
            "写程序导入的模块，例如 requires=aiohttp",
        "pair=%@ does not name a Swift snippet":
            "pair=%@ 没有指向 Swift 代码片段",
        "write pair=next or pair=previous (the nearest swift snippet after or before), or pair=N (snippet N)":
            "写 pair=next 或 pair=previous（其后或其前最近的 swift 代码片段），或 pair=N（第 N 个代码片段）",
        "did you mean '%@'? a python snippet takes display, crash, times_out, server, time=LOW..HIGH, timeout=SECONDS, memory=SIZE, os=linux|darwin, requires=MODULE and pair=next|previous|N":
            "你是想写 '%@' 吗？python 代码片段接受 display、crash、times_out、server、time=LOW..HIGH、timeout=SECONDS、memory=SIZE、os=linux|darwin、requires=MODULE 和 pair=next|previous|N",
        "a python snippet takes display, crash, times_out, server, time=LOW..HIGH, timeout=SECONDS, memory=SIZE, os=linux|darwin, requires=MODULE and pair=next|previous|N":
            "python 代码片段接受 display、crash、times_out、server、time=LOW..HIGH、timeout=SECONDS、memory=SIZE、os=linux|darwin、requires=MODULE 和 pair=next|previous|N",
        "unknown attribute '%@' on a python snippet":
            "python 代码片段上的属性 '%@' 无法识别",
        "a display snippet is never run, so it cannot carry run attributes":
            "display 代码片段从不运行，因此不能带运行属性",
        "did you mean '%@'? known attributes: %@, time=LOW..HIGH, timeout=SECONDS, mode=5, memory=SIZE, os=linux|darwin, sanitize=thread|address, isolation=MainActor|nonisolated, upcoming=FEATURE":
            "你是想写 '%1$@' 吗？可用的属性：%2$@、time=LOW..HIGH、timeout=SECONDS、mode=5、memory=SIZE、os=linux|darwin、sanitize=thread|address、isolation=MainActor|nonisolated、upcoming=FEATURE",
        "known attributes: %@, time=LOW..HIGH, timeout=SECONDS, mode=5, memory=SIZE, os=linux|darwin, sanitize=thread|address, isolation=MainActor|nonisolated, upcoming=FEATURE":
            "可用的属性：%@、time=LOW..HIGH、timeout=SECONDS、mode=5、memory=SIZE、os=linux|darwin、sanitize=thread|address、isolation=MainActor|nonisolated、upcoming=FEATURE",
        "unknown attribute '%@' on a swift snippet":
            "swift 代码片段上的属性 '%@' 无法识别",
        "malformed time band '%@'":
            "时间区间格式错误：'%@'",
        "time band '%@' is out of range":
            "时间区间 '%@' 超出范围",
        "time band '%@' has its low end above its high end":
            "时间区间 '%@' 的下限高于上限",
        "write seconds as LOW..HIGH, ..HIGH or LOW.., e.g. time=0.9..1.4":
            "以秒为单位写成 LOW..HIGH、..HIGH 或 LOW..，例如 time=0.9..1.4",
        "each end is %@ to %@ seconds":
            "两端都须在 %1$@ 到 %2$@ 秒之间",
        "write the smaller number first, e.g. time=1..2":
            "先写较小的数，例如 time=1..2",
        "the translation has %@ snippets, the original %@: snippet %@ (%@:%@) and after are missing":
            "译文有 %1$@ 个代码片段，原文有 %2$@ 个：缺少代码片段 %3$@（%4$@:%5$@）及其后的代码片段",
        "translate every snippet of the original, in the same order":
            "按原文顺序翻译每一个代码片段",
        "the translation has %@ snippets, the original %@: this one has no original":
            "译文有 %1$@ 个代码片段，原文有 %2$@ 个：这一个在原文中没有对应",
        "a translation adds no snippet; remove it or add it to the original first":
            "译文不能增加代码片段；删除它，或先把它加进原文",
        "a translation may change a snippet's comments only, each on its own line":
            "译文只能修改代码片段的注释，且逐行对应",
        "snippet %@ has other attributes (the original is at %@)":
            "代码片段 %1$@ 的属性与原文不同（原文在 %2$@）",
        "copy the original's fence line (```%@ …) unchanged":
            "原样复制原文的围栏行（```%@ …）",
        "snippet %@ is paired otherwise (the original is at %@)":
            "代码片段 %1$@ 的配对与原文不同（原文在 %2$@）",
        "copy the original's fence line unchanged":
            "原样复制原文的围栏行",
        "snippet %@ has other code, not only other comments, on this line (the original is at %@)":
            "代码片段 %1$@ 的这一行改动了代码，而不只是注释（原文在 %2$@）",
        "snippet %@ has another prelude (the original is at %@)":
            "代码片段 %1$@ 的 prelude 与原文不同（原文在 %2$@）",
        "snippet %@ has a prelude the original has not (the original is at %@)":
            "代码片段 %1$@ 有原文没有的 prelude（原文在 %2$@）",
        "snippet %@ lacks the original's prelude (the original is at %@)":
            "代码片段 %1$@ 缺少原文的 prelude（原文在 %2$@）",
        "keep the original's prelude block":
            "保留原文的 prelude 块",
        "snippet %@ reads other standard input (the original is at %@)":
            "代码片段 %1$@ 读取的标准输入与原文不同（原文在 %2$@）",
        "copy the original's stdin block unchanged":
            "原样复制原文的 stdin 块",
        "snippet %@ expects something else (output, stderr, diagnostics or trace) (the original is at %@)":
            "代码片段 %1$@ 的预期（output、stderr、diagnostics 或 trace）与原文不同（原文在 %2$@）",
        "copy the original's expectation blocks unchanged: the translation runs the same program":
            "原样复制原文的预期块：译文运行的是同一个程序",
        "snippet %@ has %@ hints, the original %@ (the original is at %@)":
            "代码片段 %1$@ 有 %2$@ 条提示，原文有 %3$@ 条（原文在 %4$@）",
        "translate each hint block of the original, no more, no fewer":
            "逐一翻译原文的每个 hint 块，不多也不少",
        "snippet %@ has another solution (the original is at %@)":
            "代码片段 %1$@ 的参考答案与原文不同（原文在 %2$@）",
        "snippet %@ has no solution where the original has one, or one where it has none (the original is at %@)":
            "代码片段 %1$@ 与原文在有无参考答案上不一致（原文在 %2$@）",
        "keep the original's solution block":
            "保留原文的 solution 块",
        "snippet %@ is an exercise, the original is not (the original is at %@)":
            "代码片段 %1$@ 是练习，而原文不是（原文在 %2$@）",
        "snippet %@ is not an exercise, the original is (the original is at %@)":
            "代码片段 %1$@ 不是练习，而原文是（原文在 %2$@）",
        "%@ did not start: %@; run it by hand to see why":
            "%1$@ 未能启动：%2$@；手动运行它以查看原因",
        "%@ did not start; run it by hand to see why":
            "%@ 未能启动；手动运行它以查看原因",
        "the lesson server is missing: %@ should sit beside async-tour (swift build makes both; copy both when you install)":
            "缺少课程服务器：%@ 应与 async-tour 放在同一目录（swift build 会同时生成两者；安装时两者都要复制）",
        "cannot start %@: %@":
            "无法启动 %1$@：%2$@",
        "it is a directory, not a file":
            "它是目录，不是文件",
        "it is not a regular file":
            "它不是普通文件",
        "it is larger than %@ MB, far more than it should be":
            "它超过 %@ MB，远大于应有的大小",
        "a folder on its path is a file":
            "路径中的某个文件夹其实是文件",
        "it is a symbolic link that loops":
            "它是循环的符号链接",
        "could not rename %@ to %@: %@":
            "无法将 %1$@ 重命名为 %2$@：%3$@",
        "%@ is a file, not a folder: move it away so that Async Tour can keep its state there":
            "%@ 是文件，不是文件夹：请把它移走，以便 Async Tour 在此保存状态",
        "cannot create the folder %@: %@":
            "无法创建文件夹 %1$@：%2$@",
        "the snippet exited with status %@":
            "代码片段以状态 %@ 退出",
        "the snippet crashed (%@): %@":
            "代码片段崩溃（%1$@）：%2$@",
        "the snippet crashed (%@)":
            "代码片段崩溃（%@）",
        "stopped after %@ s, the time this snippet is allowed: it never finished":
            "运行到 %@ s（该代码片段允许的时长）时被停止：它始终没有结束",
        "cancelled while compiling: nothing ran":
            "编译时被取消：没有运行任何代码",
        "cancelled after %@ s: the main task was cancelled and the program stopped by itself":
            "%@ s 后取消：主任务被取消，程序自行停止",
        "cancelled after %@ s: the main task was cancelled and the program stopped, with a crash: an error (its CancellationError) was thrown out of top-level code, which ends a program with a fatal error":
            "%@ s 后取消：主任务被取消，程序崩溃停止：一个错误（它的 CancellationError）被抛出顶层代码，这会以致命错误结束程序",
        "cancelled after %@ s: it did not stop when asked and was killed":
            "%@ s 后取消：程序在被要求停止时没有停止，已被强制结束",
        "stopped: the snippet printed more than %@ MB":
            "已停止：代码片段的输出超过 %@ MB",
        "stopped: the snippet used more than %@ MB of memory, its limit (a chapter can raise it with memory=SIZE, e.g. memory=4G)":
            "已停止：代码片段使用的内存超过上限 %@ MB（章节可用 memory=SIZE 提高上限，例如 memory=4G）",
        "the snippet did not compile":
            "代码片段未能编译",
        "SIGILL, illegal instruction":
            "SIGILL，非法指令",
        "SIGTRAP, a Swift runtime trap":
            "SIGTRAP，Swift 运行时陷阱",
        "SIGABRT, aborted":
            "SIGABRT，已中止",
        "SIGBUS, bus error":
            "SIGBUS，总线错误",
        "SIGFPE, arithmetic error":
            "SIGFPE，算术错误",
        "SIGKILL, killed":
            "SIGKILL，被强制结束",
        "SIGSEGV, bad memory access":
            "SIGSEGV，非法内存访问",
        "signal %@":
            "信号 %@",
        "swiftc not found: set SWIFTC to the compiler's path, or add the Swift toolchain's usr/bin to PATH (install Swift from swift.org)":
            "找不到 swiftc：把 SWIFTC 设为编译器路径，或把 Swift 工具链的 usr/bin 加入 PATH（从 swift.org 安装 Swift）",
        "SWIFTC is set to %@, which is not an executable file: fix or unset SWIFTC":
            "SWIFTC 设为 %@，但它不是可执行文件：请修正或取消设置 SWIFTC",
        "%@ --version failed: %@":
            "%1$@ --version 失败：%2$@",
        "this snippet is for Apple platforms only (os=%@)":
            "这个代码片段仅适用于 Apple 平台（os=%@）",
        "this snippet is for Linux only (os=%@)":
            "这个代码片段仅适用于 Linux（os=%@）",
        "unknown":
            "原因不明",
        "the cached program could not start (%@), so it was built again":
            "缓存的程序无法启动（%@），已重新构建",
        "this snippet needs the local HTTP server, which this runner cannot start":
            "这个代码片段需要本地 HTTP 服务器，而当前运行器无法启动它",
        "cannot start the local HTTP server: %@":
            "无法启动本地 HTTP 服务器：%@",
        "the program installed executors of its own, which the runtime timeline cannot follow; the lanes below come from the program's prints":
            "程序安装了自己的执行器，运行时时间线无法跟踪；下面的泳道来自程序的打印",
        "the runtime timeline is not available here (this toolchain's runtime did not take the recording executors); the lanes below come from the program's prints":
            "此处没有运行时时间线（这个工具链的运行时没有采用记录用的执行器）；下面的泳道来自程序的打印",
        "compilation cancelled":
            "编译已取消",
        "a python snippet is not compiled":
            "python 代码片段不需要编译",
        "the cached program was damaged, so it was built again":
            "缓存的程序已损坏，已重新构建",
        "cannot write to the cache directory %@: %@; make it writable, or point XDG_CACHE_HOME elsewhere":
            "无法写入缓存目录 %1$@：%2$@；请让它可写，或把 XDG_CACHE_HOME 指向别处",
        "swiftc reported success but %@/program cannot be read":
            "swiftc 报告成功，但无法读取 %@/program",
        "python3 is not installed, so this Python program is skipped: install the package python3 (apt-get install python3), or set ASYNC_TOUR_PYTHON to a python3":
            "未安装 python3，跳过这个 Python 程序：请安装 python3 软件包（apt-get install python3），或把 ASYNC_TOUR_PYTHON 设为某个 python3",
        "%@ did not answer as a python3 would (%@), so this Python program is skipped":
            "%1$@ 的应答不像 python3（%2$@），跳过这个 Python 程序",
        "this Python program needs Python %@ or later, and %@ is %@, so it is skipped: install a newer python3, or set ASYNC_TOUR_PYTHON to one":
            "这个 Python 程序需要 Python %1$@ 或更高版本，而 %2$@ 是 %3$@，因此跳过：请安装较新的 python3，或把 ASYNC_TOUR_PYTHON 设为它",
        "python3-aiohttp (apt-get install python3-aiohttp, or pip install aiohttp)":
            "python3-aiohttp（apt-get install python3-aiohttp，或 pip install aiohttp）",
        "this Python program needs the module%@ %@, which python3 cannot import, so it is skipped: install %@":
            "这个 Python 程序需要模块 %2$@，python3 无法导入，因此跳过：请安装 %3$@",
        "cannot write the Python program to %@: %@":
            "无法把 Python 程序写入 %1$@：%2$@",
        "Learn Swift concurrency by running it: chapters, snippets, timings and timelines.":
            "边运行边学 Swift 并发：章节、代码片段、计时和时间线。",
        "Without a subcommand, starts the interactive tour.\n\nYour place, progress, history and your copies of snippets are kept in $XDG_STATE_HOME/async-tour (~/.local/state/async-tour); compiled snippets in $XDG_CACHE_HOME/async-tour (~/.cache/async-tour). NO_COLOR=1 turns colour off; under LANG=C or TERM=dumb the tour draws in ASCII.\n\nShell completion: async-tour --generate-completion-script bash|zsh|fish (see the README).":
            "不带子命令时，启动交互式教程。\n\n你的位置、进度、历史记录和代码片段副本保存在 $XDG_STATE_HOME/async-tour（~/.local/state/async-tour）；编译好的代码片段保存在 $XDG_CACHE_HOME/async-tour（~/.cache/async-tour）。NO_COLOR=1 关闭颜色；在 LANG=C 或 TERM=dumb 下，教程只用 ASCII 绘制。\n\nShell 补全：async-tour --generate-completion-script bash|zsh|fish（参见 README）。",
        "error: unknown command '%@'. Did you mean '%@'?":
            "错误：未知命令 '%1$@'。你是想输入 '%2$@' 吗？",
        "error: unknown command '%@'.":
            "错误：未知命令 '%@'。",
        "The commands are %@; 'async-tour --help' explains them.":
            "可用的命令有 %@；'async-tour --help' 会逐一说明。",
        "A directory of chapters to use instead of the bundled course.":
            "用这个目录中的章节代替自带的课程。",
        "The language of the chapters and the interface: en or zh-Hans (default: the locale's).":
            "章节和界面的语言：en 或 zh-Hans（默认：跟随区域设置）。",
        "The tour has no language '%@': --lang takes en or zh-Hans.":
            "教程没有语言 '%@'：--lang 接受 en 或 zh-Hans。",
        "no chapter in %@ could be loaded":
            "%@ 中没有可加载的章节",
        "Show a chapter and run its snippets, each with its output, timings and timeline.":
            "显示一章并运行其中的代码片段，逐一给出输出、计时和时间线。",
        "Exits with status 1 when a snippet does not behave as the chapter expects.":
            "有代码片段的表现与章节预期不符时，以状态 1 退出。",
        "The chapter's number or id, e.g. 1 or why-async.":
            "章节的编号或 id，例如 1 或 why-async。",
        "Run only snippet N of the chapter (the first is 1).":
            "只运行本章的第 N 个代码片段（从 1 开始）。",
        "Also show the thread view: which task each thread ran, and when.":
            "同时显示线程视图：每个线程在何时运行了哪个任务。",
        "Do not record the runtime trace; the timeline then shows prints only.":
            "不记录运行时 trace；时间线只显示打印。",
        "error: %@ has %@ snippets; --snippet takes %@":
            "错误：%1$@ 有 %2$@ 个代码片段；--snippet 接受 %3$@",
        "stopped by %@; no snippet is left running":
            "被 %@ 停止；没有代码片段仍在运行",
        "A Swift REPL with top-level await; every entry shows its elapsed time and timeline.":
            "支持顶层 await 的 Swift REPL；每次输入都会显示耗时和时间线。",
        "Each entry is compiled and run with the ones kept before it. :help explains what is kept; :quit or Ctrl-D leaves.":
            "每次输入都与之前保留的输入一起编译运行。:help 说明保留哪些内容；:quit 或 Ctrl-D 退出。",
        "List every chapter: number, id, title and snippets.":
            "列出所有章节：编号、id、标题和代码片段数。",
        "%@ (%@ snippet%@)":
            "%1$@（%2$@ 个代码片段）",
        "Start the interactive tour (the default).":
            "启动交互式教程（默认）。",
        "Reads commands from the keyboard; 'help' in the tour lists them. Commands can also come one per line from a pipe, for a script or a test:\n\n  printf 'goto 1\\nrun 1\\n' | async-tour":
            "从键盘读取命令；在教程中输入 'help' 可列出它们。命令也可以每行一条从管道传入，供脚本或测试使用：\n\n  printf 'goto 1\\nrun 1\\n' | async-tour",
        "Save progress and the place when input is not a terminal (a piped script leaves them alone otherwise).":
            "输入不是终端时也保存进度和位置（否则管道脚本不会改动它们）。",
        "Compile and run every snippet and check every expectation in the chapters.":
            "编译并运行所有代码片段，检查章节中的每一项预期。",
        "Prints one line per snippet and ends with 'N passed, N failed'. Exits with status 1 on any failure.":
            "每个代码片段打印一行，最后一行是“N 通过，N 失败”。有任何失败时以状态 1 退出。",
        "Chapters to test (numbers or ids); all when none are given.":
            "要测试的章节（编号或 id）；不指定则测试全部。",
        "Compile and run at most N snippets at once (default: the number of cores).":
            "同时最多编译运行 N 个代码片段（默认：核心数）。",
        "Also show the output of each failing snippet.":
            "同时显示每个失败代码片段的输出。",
        "Do not record the runtime trace; timelines then show prints only.":
            "不记录运行时 trace；时间线只显示打印。",
        "stopped by %@ before the end; no snippet is left running":
            "在结束前被 %@ 停止；没有代码片段仍在运行",
        "Check your solution to an exercise, or validate the chapters.":
            "检查你的练习答案，或校验章节。",
        "With an exercise (LESSON.N, e.g. 1.4 or why-async.4), runs your own copy of it (the one 'edit N' made in the tour, else the chapter's starting code) against the exercise's goal and prints the report. Exits with status 0 when the goal is met, 1 when it is not, 2 when LESSON.N is not an exercise. With --watch it runs again each time you save the file, until Ctrl-C.\n\nWithout an exercise, validates the chapters without running anything: file names, ids, fence attributes, expectation blocks and exercises, each problem with its file and line. Exits with status 1 when there is one.":
            "指定练习（LESSON.N，例如 1.4 或 why-async.4）时，按练习目标运行你的副本（在教程中用 'edit N' 建立的那份，否则用章节的起始代码）并打印报告。达成目标时以状态 0 退出，未达成时为 1，LESSON.N 不是练习时为 2。加 --watch 时，每次保存文件都会重新运行，直到按 Ctrl-C。\n\n不指定练习时，只校验章节而不运行任何代码：文件名、id、围栏属性、预期块和练习，每个问题都给出文件和行号。有问题时以状态 1 退出。",
        "The exercise to check: chapter and snippet number, e.g. 1.4 or why-async.4.":
            "要检查的练习：章节和代码片段编号，例如 1.4 或 why-async.4。",
        "Run the exercise again each time its file is saved, until Ctrl-C.":
            "每次保存练习文件都重新运行，直到按 Ctrl-C。",
        "--watch needs an exercise to watch, e.g. 'async-tour check 1.4 --watch'.":
            "--watch 需要指定要监视的练习，例如 'async-tour check 1.4 --watch'。",
        "%@ chapter%@, %@ snippet%@, %@ exercise%@ in %@: no problems":
            "%7$@ 中有 %1$@ 章、%3$@ 个代码片段、%5$@ 个练习：没有问题",
        "%@ chapter%@, %@ snippet%@, %@ exercise%@ in %@: %@ problem%@":
            "%7$@ 中有 %1$@ 章、%3$@ 个代码片段、%5$@ 个练习：%8$@ 个问题",
        "%@ translation: %@ of %@ chapters in %@: no problems":
            "%1$@ 译本：%3$@ 章中有 %2$@ 章为%4$@：没有问题",
        "%@ translation: %@ of %@ chapters in %@: %@ problem%@":
            "%1$@ 译本：%3$@ 章中有 %2$@ 章为%4$@：%5$@ 个问题",
        "'%@' is not an exercise: check takes LESSON.N, such as %@.":
            "'%1$@' 不是练习：check 接受 LESSON.N，例如 %2$@。",
        "%@ has snippets %@; there is no snippet %@, and it has no exercises; the course's are %@.":
            "%1$@ 的代码片段为 %2$@；没有代码片段 %3$@，而且这一章没有练习；课程的练习有 %4$@。",
        "%@ has snippets %@; there is no snippet %@, and its exercises are %@.":
            "%1$@ 的代码片段为 %2$@；没有代码片段 %3$@；这一章的练习有 %4$@。",
        "snippet %@.%@ is not an exercise: it has no exercises; the course's are %@.":
            "代码片段 %1$@.%2$@ 不是练习：这一章没有练习；课程的练习有 %3$@。",
        "snippet %@.%@ is not an exercise: its exercises are %@.":
            "代码片段 %1$@.%2$@ 不是练习：这一章的练习有 %3$@。",
        "1.1 (though these chapters have no exercises)":
            "1.1（不过这些章节没有练习）",
        "skip":
            "跳过",
        "ok":
            "通过",
        "FAIL":
            "失败",
        "checked %@ snippet%@ in %@ chapter%@ in %@ s":
            "已检查 %3$@ 章中的 %1$@ 个代码片段，耗时 %5$@ s",
        "%@ chapter file(s) could not be loaded (see above)":
            "%@ 个章节文件无法加载（见上文）",
        "%@ passed, %@ failed, %@ skipped (%@)":
            "%1$@ 通过，%2$@ 失败，%3$@ 跳过（%4$@）",
        "%@ passed, %@ failed":
            "%1$@ 通过，%2$@ 失败",
        "Python not available":
            "没有可用的 Python",
        "; ":
            "；",
        "skipped: %@":
            "已跳过：%@",
        "exercise: the start already meets the goal (%@)":
            "练习：起始代码已经达成目标（%@）",
        "exercise: the solution does not compile":
            "练习：参考答案无法编译",
        "did not compile":
            "未能编译",
        "exercise: start fails, solution %@ (%@)":
            "练习：起始代码失败，参考答案 %1$@（%2$@）",
        "exercise: start fails, solution %@":
            "练习：起始代码失败，参考答案 %@",
        "%@ (band %@)":
            "%1$@（区间 %2$@）",
        "compiling snippets %@/%@":
            "正在编译代码片段 %@/%@",
        "running snippets %@/%@":
            "正在运行代码片段 %@/%@",
    ]
}
