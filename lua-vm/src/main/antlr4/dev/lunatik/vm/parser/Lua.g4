/*
 * Kernel-flavoured Lua 5.4 (integer-only; '/' is floor division; no '^').
 *
 * The grammar is written to be LL(1) almost everywhere so that the first token that cannot be
 * parsed is the one Lua itself would complain about; the few context checks that Lua's
 * recursive-descent parser makes while parsing (non-call expression statements, assignment
 * targets, '...' outside a vararg function, attributes, nesting depth, the number of local
 * variables) are done by small actions
 * that call ParseSupport, in source order. The parse tree is turned into the AST by AstBuilder.
 * Numerals and string literals are matched loosely here and decoded/validated by Literals.
 */
grammar Lua;

options { superClass = org.antlr.v4.runtime.Parser; }

tokens { LEX_ERROR }

@parser::members {
    /** Context checks run by actions; set by {@link Parser} before parsing. */
    ParseSupport support;
}

chunk : block EOF ;

block
@init { support.enterBlock(); }
@after { support.leaveBlock(); }
    : stat* retStat? ;

stat
@init { support.enterLevel(); }
@after { support.leaveLevel(); }
    : emptyStat
    | exprStat
    | labelStat
    | breakStat
    | gotoStat
    | doStat
    | whileStat
    | repeatStat
    | ifStat
    | forStat
    | functionStat
    | localStat
    ;

emptyStat : ';' ;

exprStat
@after { support.leaveLevels(_localctx.targets.size() - 1); }
    : targets+=suffixedExp { support.afterFirstTarget(_localctx.targets.get(0)); }
      ( ( ',' targets+=suffixedExp { support.afterTarget(_localctx.targets.get(_localctx.targets.size() - 1)); } )*
        '=' expList )?
    ;

labelStat : '::' NAME '::' ;

breakStat : 'break' ;

gotoStat : 'goto' NAME ;

doStat : 'do' block 'end' ;

whileStat : 'while' exp 'do' block 'end' ;

repeatStat : 'repeat' block 'until' exp ;

ifStat : 'if' exp 'then' block ( 'elseif' exp 'then' block )* ( 'else' block )? 'end' ;

forStat
@init { support.enterBlock(); }
@after { support.leaveBlock(); }
    : 'for' NAME { support.forVariables(); } ( numericFor | genericFor ) 'do' block 'end' ;

numericFor : '=' exp ',' exp ( ',' exp )? ;

genericFor : ( ',' NAME { support.declareLocals(1); } )* 'in' expList ;

functionStat : 'function' funcName funcBody ;

funcName : NAME ( '.' NAME )* ( ':' NAME )? ;

localStat : 'local' ( localFunction | localVars ) ;

localFunction : 'function' NAME { support.declareLocals(1); } funcBody ;

localVars : attName ( ',' attName )* ( '=' expList )? ;

attName : NAME { support.declareLocals(1); } ( '<' attr=NAME '>' { support.checkAttribute($attr); } )? ;

retStat : 'return' { support.afterReturn(); } expList? ';'? ;

expList : exp ( ',' exp )* ;

// Operands and binary operators in a flat list (so that every decision here is LL(1) and ANTLR
// needs no adaptive prediction); AstBuilder nests them by Lua's priorities, and ParseSupport
// tracks the nesting levels Lua's recursive subexpr would use (for "C stack overflow").
// Priorities, low to high: or; and; comparisons; '|'; '~'; '&'; shifts; '..' (right assoc.);
// '+' '-'; '*' '/' '//' '%'; unary operators.
exp
@init { support.enterExp(); }
@after { support.leaveExp(); }
    : operand
      ( ops+=( '*' | '/' | '//' | '%' | '+' | '-' | '..' | '<<' | '>>' | '&' | '~' | '|'
             | '<' | '>' | '<=' | '>=' | '~=' | '==' | 'and' | 'or' )
        { support.afterBinaryOp(_localctx.ops.get(_localctx.ops.size() - 1).getType()); }
        operand )*
    ;

operand
    : op=( 'not' | '#' | '-' | '~' ) { support.enterLevel(); } operand { support.leaveLevel(); }
    | atom
    ;

atom
    : 'nil'
    | 'false'
    | 'true'
    | NUMBER
    | string
    | '...' { support.checkVararg(); }
    | functionDef
    | suffixedExp
    | tableConstructor
    ;

string : STRING | LONGSTRING ;

// primaryExp suffix*: Lua reads the suffixes greedily (a '(' on the next line continues a call
// rather than starting a statement), which ANTLR could only decide by adaptive prediction, so
// ParseSupport.suffixes() parses suffix after suffix while the next token can start one.
suffixedExp : primaryExp { support.suffixes(); } ;

primaryExp : NAME | '(' exp ')' ;

suffix
    : '.' NAME
    | '[' exp ']'
    | ':' NAME args
    | args
    ;

args : '(' expList? ')' | tableConstructor | string ;

functionDef : 'function' funcBody ;

funcBody : '(' { support.openFunction(_localctx); } parList? ')' { support.enterFunction(_localctx); } block 'end' { support.leaveFunction(); } ;

parList : param ( ',' param )* ;

param : NAME { support.declareLocals(1); } | '...' { support.afterVarargParam(); } ;

tableConstructor : '{' ( field ( fieldSep { support.afterFieldSep(); } field? )* )? '}' ;

field
    : '[' key=exp ']' '=' value=exp
    | value=exp { support.afterListField($value.ctx); } ( '=' named=exp )?
    ;

fieldSep : ',' | ';' ;

// ---------------------------------------------------------------- lexer

AND : 'and' ;
BREAK : 'break' ;
DO : 'do' ;
ELSE : 'else' ;
ELSEIF : 'elseif' ;
END : 'end' ;
FALSE : 'false' ;
FOR : 'for' ;
FUNCTION : 'function' ;
GOTO : 'goto' ;
IF : 'if' ;
IN : 'in' ;
LOCAL : 'local' ;
NIL : 'nil' ;
NOT : 'not' ;
OR : 'or' ;
REPEAT : 'repeat' ;
RETURN : 'return' ;
THEN : 'then' ;
TRUE : 'true' ;
UNTIL : 'until' ;
WHILE : 'while' ;

PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
DSLASH : '//' ;
PERCENT : '%' ;
HASH : '#' ;
AMP : '&' ;
TILDE : '~' ;
PIPE : '|' ;
SHL : '<<' ;
SHR : '>>' ;
EQ : '==' ;
NE : '~=' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
ASSIGN : '=' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
DCOLON : '::' ;
SEMI : ';' ;
COLON : ':' ;
COMMA : ',' ;
DOT : '.' ;
CONCAT : '..' ;
VARARG : '...' ;

NAME : [a-zA-Z_] [a-zA-Z_0-9]* ;

/** Kernel numerals: a digit followed by hex-digit characters, or 0x/0X and hex digits. */
NUMBER : '0' [xX] HEXDIGIT* | [0-9] HEXDIGIT* ;

STRING
    : '"' ( ESC | ~["\\\n] )* '"'
    | '\'' ( ESC | ~['\\\n] )* '\''
    ;

/** A short string cut off by a newline or the end of input (reported by Literals). */
UNFINISHED_STRING
    : '"' ( ESC | ~["\\\n] )*
    | '\'' ( ESC | ~['\\\n] )*
    ;

LONGSTRING : '[' NESTED ']' ;

UNFINISHED_LONGSTRING : '[' '='* '[' ;

INVALID_LONG_DELIMITER : '[' '='+ ;

COMMENT : '--[' NESTED ']' -> skip ;

UNFINISHED_COMMENT : '--[' '='* '[' ;

LINE_COMMENT : '--' ( ~[[\n] ~[\n]* | '[' '='* ( ~[=[\n] ~[\n]* )? )? -> skip ;

WS : [ \t\n\f\u000B]+ -> skip ;

/** Any other character: a one-character token no parser rule accepts ("unexpected symbol"). */
ANY : . ;

fragment HEXDIGIT : [0-9a-fA-F] ;

fragment ESC : '\\' ( 'z' [ \t\n\f\u000B]* | . ) ;

fragment NESTED : '=' NESTED '=' | '[' .*? ']' ;
