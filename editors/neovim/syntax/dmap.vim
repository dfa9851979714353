" Vim syntax for decision maps (.dmap); the same scopes as editors/vscode/syntaxes/dmap.tmLanguage.json.
if exists("b:current_syntax") | finish | endif
syn match   dmapName       "\<\h\w*\>"
syn keyword dmapKeyword    when otherwise is in between missing present contains segment to because below using from model optional column unit one of handle cost sla capacity owner
syn keyword dmapLogical    and or not
syn keyword dmapType       number integer boolean text
syn keyword dmapRouteKind  automated team escalation
syn keyword dmapRisk       low medium high critical
syn keyword dmapBoolean    true false
syn match   dmapNumber     "\<\d[0-9_]*\(\.\d\+\)\?\([eE][-+]\?\d\+\)\?"
syn match   dmapOperator   "->\|\.\.\|<=\|>=\|!=\|=\|<\|>"
syn match   dmapSection    "^\(map\|owners\|inputs\|conditions\|segments\|routes\|escalate\|inconsistent\|uncertainty\|missing\|invalid\|decide\|fallback\)\>"
syn region  dmapString     start=+"+ skip=+\\.+ end=+"+ oneline
syn match   dmapComment    "#.*$"
syn match   dmapDoc        "##.*$"
hi def link dmapSection    Statement
hi def link dmapKeyword    Keyword
hi def link dmapLogical    Operator
hi def link dmapType       Type
hi def link dmapRouteKind  StorageClass
hi def link dmapRisk       Constant
hi def link dmapBoolean    Boolean
hi def link dmapNumber     Number
hi def link dmapOperator   Operator
hi def link dmapString     String
hi def link dmapComment    Comment
hi def link dmapDoc        SpecialComment
let b:current_syntax = "dmap"
