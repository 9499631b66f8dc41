"""The inline CSS and JavaScript of the HTML report (no network, no libraries).

The timeline script draws an SVG from the data embedded in the page (JSON; the long
columns are base64 typed arrays, see ``html._pack``) and redraws only the
visible window on zoom (mouse wheel or buttons) and pan (drag), so a page with tens of
thousands of spans stays responsive. Script errors are caught and shown in the page
(``#js-errors``) so a headless browser test can read them from the DOM.
"""

CSS = """
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:12px 20px;color:#222}
h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:22px 0 6px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:4px 0 10px}th,td{border:1px solid #ddd;padding:2px 8px;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}.meta{color:#555}.bad{color:#b00;font-weight:600}
#timeline{border:1px solid #ccc;user-select:none;cursor:grab;width:100%}#timeline text{font-size:11px}
.controls button{margin-right:4px}.lost{fill:#d62728}.violation{fill:#ff7f0e}.note{color:#777;font-size:12px}
pre.src{background:#fafafa;border:1px solid #eee;padding:6px;overflow:auto;font-size:12px;line-height:1.35}
pre.src span{display:block}pre.src span:target{background:#ffe9a8}pre.src i{color:#999;font-style:normal;
display:inline-block;width:3.5em}#js-errors{color:#b00;white-space:pre-wrap}
.hist{display:inline-block;margin:0 12px 12px 0;vertical-align:top}
.deadline_miss{fill:#9467bd}.reset{fill:#000}.part h3{font-size:14px;margin:12px 0 2px}
.facts span{margin-right:14px;white-space:nowrap}.facts b{font-weight:600}
img.oled{image-rendering:pixelated;border:4px solid #222;border-radius:3px;background:#000;display:block}
.strip{display:flex;flex-wrap:wrap;gap:2px}.sw{width:14px;height:14px;border:1px solid #999;border-radius:50%;display:inline-block}
pre.uart{background:#fafafa;border:1px solid #eee;padding:6px;max-height:16em;overflow:auto;white-space:pre-wrap}
td.hex,.hex{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
"""

JS = r"""
(function(){
"use strict";
var errBox=document.getElementById("js-errors");
window.addEventListener("error",function(e){errBox.textContent+="error: "+e.message+"\n";});
var D=JSON.parse(document.getElementById("timeline-data").textContent);
function unpack(b64,Type){var s=atob(b64),u=new Uint8Array(s.length);for(var i=0;i<s.length;i++)u[i]=s.charCodeAt(i);
 return new Type(u.buffer);}  // little-endian typed arrays packed by html.py (_pack)
D.lanes.forEach(function(lane){if(lane.t!==undefined){lane.T=unpack(lane.t,Float64Array);lane.V=unpack(lane.v,Int32Array);}
 if(lane.a!==undefined){lane.A=unpack(lane.a,Float64Array);lane.B=unpack(lane.b,Float64Array);lane.N=unpack(lane.n,Int32Array);}});
var svg=document.getElementById("timeline"),NS="http://www.w3.org/2000/svg";
var LABEL=170,LANE=26,TOP=22,W=0,v0=D.t0,v1=D.t1;
var H=TOP+LANE*D.lanes.length+8;svg.setAttribute("height",H);
function el(tag,attrs,text){var e=document.createElementNS(NS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);
 if(text!==undefined)e.textContent=text;return e;}
function x(t){return LABEL+(t-v0)*(W-LABEL-6)/(v1-v0);}
function first(arr,t){var lo=0,hi=arr.length;while(lo<hi){var m=(lo+hi)>>1;if(arr[m]<t)lo=m+1;else hi=m;}return lo;}
function fmt(ns){var a=Math.abs(ns);if(a>=1e9)return (ns/1e9).toFixed(3)+" s";if(a>=1e6)return (ns/1e6).toFixed(3)+" ms";
 if(a>=1e3)return (ns/1e3).toFixed(1)+" \u00b5s";return ns+" ns";}
function ticks(g){var span=v1-v0,step=Math.pow(10,Math.floor(Math.log10(span/8)));
 if(span/step>16)step*=5;else if(span/step>8)step*=2;
 for(var t=Math.ceil(v0/step)*step;t<=v1;t+=step){var X=x(t);
  g.appendChild(el("line",{x1:X,x2:X,y1:TOP-4,y2:H,stroke:"#eee"}));
  g.appendChild(el("text",{x:X+2,y:TOP-8,fill:"#666"},fmt(t)));}}
function draw(){W=svg.clientWidth||1100;while(svg.firstChild)svg.removeChild(svg.firstChild);
 var g=el("g",{});svg.appendChild(g);ticks(g);var shapes=0;
 D.lanes.forEach(function(lane,i){var y=TOP+i*LANE;
  g.appendChild(el("text",{x:4,y:y+LANE*0.65,fill:"#222"},lane.name));
  g.appendChild(el("line",{x1:LABEL,x2:W,y1:y+LANE,y2:y+LANE,stroke:"#f0f0f0"}));
  if(lane.type==="pin"||lane.type==="level"){var T=lane.T,V=lane.V,k=Math.max(0,first(T,v0)-1),pts=[],
    peak=lane.peak||1,lastX=-1;
   for(;k<T.length&&T[k]<=v1;k++){var X=Math.max(LABEL,x(T[k])),Y=y+LANE-4-(LANE-8)*V[k]/peak;
    if(pts.length){pts.push(X+","+pts[pts.length-1].split(",")[1]);}pts.push(X+","+Y);lastX=X;}
   if(pts.length){pts.push(W+","+pts[pts.length-1].split(",")[1]);
    g.appendChild(el("polyline",{points:pts.join(" "),fill:"none",stroke:lane.color,"stroke-width":1.2,"class":"trace"}));shapes++;}
  }else if(lane.A){var A=lane.A,B=lane.B,j=Math.max(0,first(A,v0)-lane.maxback),lastEnd=-1;
   for(;j<A.length&&A[j]<=v1;j++){if(B[j]<v0)continue;var a=Math.max(LABEL,x(A[j])),b=Math.min(W,x(B[j]));
    if(b<lastEnd+0.5)continue;if(b-a<1)b=a+1;lastEnd=b;
    var r=el("rect",{x:a,y:y+4,width:b-a,height:LANE-8,fill:lane.colors?lane.colors[lane.N[j]]:lane.color,"class":"span"});
    r.appendChild(el("title",{},lane.labels[lane.N[j]]+": "+fmt(A[j])+" .. "+fmt(B[j])+" ("+fmt(B[j]-A[j])+")"));
    g.appendChild(r);shapes++;}}});
 D.marks.forEach(function(m){if(m[0]<v0||m[0]>v1)return;var y=TOP+m[1]*LANE,X=x(m[0]);
  var p=el("path",{d:"M"+(X-4)+","+(y+2)+"L"+(X+4)+","+(y+2)+"L"+X+","+(y+10)+"Z","class":"mark "+m[2]});
  p.appendChild(el("title",{},m[2]+" "+m[3]+" at "+fmt(m[0])));g.appendChild(p);shapes++;});
 document.getElementById("view-range").textContent=fmt(v0)+" .. "+fmt(v1)+"  ("+fmt(v1-v0)+" shown)";
 svg.setAttribute("data-shapes",shapes);}
function zoom(f,c){var span=v1-v0,ns=Math.max(50,Math.min(D.t1-D.t0,span*f));c=(c===undefined)?(v0+v1)/2:c;
 var r=(c-v0)/span;v0=c-ns*r;v1=v0+ns;clamp();draw();}
function clamp(){var s=v1-v0;if(v0<D.t0){v0=D.t0;v1=v0+s;}if(v1>D.t1){v1=D.t1;v0=Math.max(D.t0,v1-s);}}
function tAt(px){return v0+(px-LABEL)*(v1-v0)/(W-LABEL-6);}
svg.addEventListener("wheel",function(e){e.preventDefault();var r=svg.getBoundingClientRect();
 zoom(e.deltaY<0?0.8:1.25,tAt(e.clientX-r.left));},{passive:false});
var drag=null;svg.addEventListener("mousedown",function(e){drag={x:e.clientX,a:v0,b:v1};svg.style.cursor="grabbing";});
window.addEventListener("mouseup",function(){drag=null;svg.style.cursor="grab";});
window.addEventListener("mousemove",function(e){if(!drag)return;var dt=(e.clientX-drag.x)*(drag.b-drag.a)/(W-LABEL-6);
 v0=drag.a-dt;v1=drag.b-dt;clamp();draw();});
document.getElementById("zoom-in").onclick=function(){zoom(0.5);};
document.getElementById("zoom-out").onclick=function(){zoom(2);};
document.getElementById("zoom-reset").onclick=function(){v0=D.t0;v1=D.t1;draw();};
window.irqsimTimeline={zoomTo:function(a,b){v0=a;v1=b;clamp();draw();}};
window.addEventListener("resize",draw);
var hz=/zoom=(\d+)-(\d+)/.exec(location.hash);  // deep link: report.html#zoom=59000000-62000000 (ns)
if(hz&&+hz[2]>+hz[1]){v0=+hz[1];v1=+hz[2];clamp();}
draw();document.body.setAttribute("data-rendered","1");
})();
"""
