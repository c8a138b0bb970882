"""Word lists the blame rules consult: who a phrase is about, and which words are systems.

A blame rule such as "failed to" only applies when its subject is a person ("Kenji failed to
follow the runbook") and not a system ("the job failed to start"). These sets decide that.
They are plain data: extend them rather than adding special cases to the rules.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS_PERSON = _words(
    "he she they him her them you y'all ya u someone somebody anyone anybody nobody "
    "everyone everybody whoever"
)
PRONOUNS_SELF = _words("i me myself i'm i've i'd im ive")
PRONOUNS_WE = _words("we us ourselves we've we'd we're")

# Nouns for people by role or group. A team is people too: "the payments team ignored ...".
ROLES = _words("""
    engineer engineers dev devs developer developers dba dbas ops sre sres admin admins sysadmin
    sysadmins operator operators intern interns hire hires contractor contractors reviewer
    reviewers manager managers lead leads person people guy guys gal folks staff employee
    employees tester testers qa on-call oncall oncaller on-caller responder responders commander
    ic author authors committer committers architect architects analyst analysts consultant
    consultants colleague colleagues coworker coworkers co-worker teammate teammates junior
    juniors senior seniors newbie newbies rookie rookies approver approvers maintainer
    maintainers devops secops sysops team teams squad crew individual individuals human humans
    dude technician technicians owner administrator administrators programmer programmers coder
    coders member members
    supervisor boss cto vp director pm pms lead's specialist specialists agent agents
    product marketing sales legal finance leadership management support security
    """)

# Nouns for things: a subject made of one of these is a system, never blamed.
SYSTEM_WORDS = _words("""
    alert alerts alarm alarms service services config configuration configs job jobs script
    scripts pipeline pipelines check checks test tests suite system systems database databases db
    dbs server servers cluster clusters node nodes pod pods deploy deploys deployment deployments
    release releases build builds change changes migration migrations query queries cache caches
    queue queues process processes tool tooling tools monitoring dashboard dashboards runbook
    runbooks code bug bugs feature features flag flags api apis endpoint endpoints balancer
    balancers proxy proxies network networks dns certificate certificates cert certs backup
    backups replica replicas primary disk disks worker workers scheduler cron rollout rollouts
    canary gate policy policies review reviews process linter compiler app application
    applications client clients library libraries request requests response responses upgrade
    upgrades patch patches storage volume volumes controller controllers index indexes table
    tables schema container containers image images cdn firewall rule rules router switch
    gateway platform infrastructure infra terraform kubernetes k8s kafka redis postgres
    postgresql mysql nginx envoy consul vault jenkins github gitlab ci cd aws gcp azure s3 ec2
    lambda function functions handler handlers daemon agent-side probe probes monitor monitors
    metric metrics log logs limiter loop thread threads process timer timeout timeouts retry
    retries vendor's component components module modules model models parser compaction
    failover fix hotfix template rewrite automation bot bots tests runner runners mesh sidecar
    operator-side autoscaler hpa kubelet etcd elasticsearch opensearch mongodb cassandra
    rabbitmq sqs sns celery airflow spark grafana prometheus pagerduty opsgenie datadog istio
    linkerd helm argo argocd vitess cloudflare akamai fastly stripe twilio okta auth0 sentry
    splunk loki jaeger zookeeper memcached haproxy traefik ansible puppet chef docker
    containerd linux windows macos ios android chrome safari firefox java python node go
    rust ruby php dotnet spring django rails react vue angular webpack npm pip maven gradle
    bazel checkout billing payments search login auth frontend backend website site portal
    dashboard ui ux it this that which
    """)

# Words that sit between a subject and its verb and say nothing about who acted.
FILLERS = _words("""
    just simply also then clearly obviously apparently basically totally completely again even
    really honestly never still already probably literally somehow evidently actually
    definitely certainly surely maybe perhaps frankly seriously unfortunately sadly of course
    was were is are been be being has had have did does do got get gets so very pretty too
    all both only always once ever quite rather kind sort feel felt feels feeling became become
    becomes seemed seems looked sounded getting
    should would could must might shall can cannot ought need needs
    """)
DETERMINERS = _words("the a an our their his her my your this that these those some one")
PREPOSITIONS = _words(
    "on in at from of for with by during after before since to into onto over under about "
    "like via per"
)
# A subject ends at a clause boundary word: "... because Ingrid was not paying attention".
CLAUSE_WORDS = _words(
    "and but because so when while after before since then as if that which who whom where "
    "although though until once or nor whereas unless cause cos coz"
)

# First names that are also everyday words: only names when the roster says so.
WORD_NAMES = _words("""
    will grace mark may june april august rose hope joy faith bill sue pat art max chase dawn
    sky summer frank earl guy ray rich jack jay don sunny page hunter bob rob carol drew gene
    grant lane miles penny ruby sandy victor wade chip buck sage river storm autumn amber
    april iris lily holly ivy jade pearl ginger candy crystal destiny honor justice major
    """)

# Common given names across many languages and regions, lower-cased. Used so that a blame
# phrase about a named person is caught even without a roster. Not exhaustive by design: the
# roster (the post-mortem's participants) covers everyone else.
NAMES = _words("""
    aaron abdul abdullah abebe abel abhishek abigail abimbola ada adaeze adam adebayo adeola
    adel adrian adriana afua agnieszka ahmad ahmed aidan aiden aiko aisha akira akosua alan
    alba alberto aleksandr aleksandra alejandra alejandro alessandro alessia alex alexander
    alexandra alexei alexis alfonso ali alice alicia alina alisha alison amaka amal amanda
    amara amina amir amit amy ana anan anastasia anders andre andrea andreas andrei andres
    andrew andrzej andy angela angelica angelo anh anita anja ankit ann anna anne annika ansel
    anthony anton antonio anya aoife arash arif arjun arnav arturo arun asha ashley ashok asif
    astrid aurelia ayaan ayesha ayodele ayumi aziz babajide bahar barbara bartek beatriz bella
    ben benedikt benjamin bernard bertrand bianca bilal birgit bjorn björn bogdan boris brandon
    brenda brian bridget bruno busisiwe caitlin camila camille carla carlos carmen caroline
    catalina catherine cedric celine cesar chanel chang charles charlie charlotte chen cheng
    chiamaka chidi chinedu chioma chloe chris christian christina christine christopher chukwuma
    cian ciara claire clara claudia colin connor cristina cynthia dalia damian dan dana daniel
    daniela danielle daniyar dario darius daryl dave david dawit deborah deepak deepika dennis
    derek devon dhruv diana diego dilnoza dimitra dimitri dimitrios divya dmitri dmitry dominik
    dong dorothy duc dylan ebere ebony eduardo edward efua ekaterina elena eleni eli elif elijah
    elisa elizabeth ella ellen elsa emeka emil emilia emily emma emre enrique eric erik erin
    esther ethan eun eva evan evelyn ewa ezra fabian fahad faisal farah farid fatima fatma
    federico felipe felix fernando filip finn fiona florian francesca francesco francisco
    franziska freya fumiko gabriel gabriela gareth gaurav george georgios gerhard gintare
    giorgos giovanni giulia giuseppe gloria gonzalo gordon greta gregory guadalupe guillaume
    gunnar gustavo hamid hamza hana hannah hans harish haruka haruto hassan heather hector
    heidi helen helena henrik henry hiroshi hiroko hoang hugo hyun ian ibrahim ifeoma igor
    ikaika ikechukwu ilse imani imran ines inés ingrid ioana irina isaac isabel isabella
    ishaan ismail ivan ivana jack jacob jakub jamal james jamie jan jana jane janet jared
    jason javier jayden jean jennifer jens jeremy jesse jessica jesús jia jiang jin jing
    joanna joao joão joe joel johan johanna john jon jonas jonathan joon jordan jorge jose
    josé joseph joshua joy juan julia julian juliana julie julien jun jung justin kaan kai
    kaito kalani kamal kamala karen karim karin karina karl kate katarzyna katharina katie
    kavya kazuki keith kemal kenji kenta kevin khalid kim kiran kirsten klaus kobe kofi
    kojo kolade krishna kristina kumar kwabena kwame kwesi kyle lakshmi lara lars laura
    lauren layla leah lee leilani lena leo leon leonardo leticia liam lin linda ling lisa
    liu lorenzo louis lucas lucia lucía luis luisa luka lukas luke lwazi magdalena mahmoud
    maja malik manuel marco marcos marcus margaret maria maría mariam mariana marie marina
    mario marisol marius marta martin martina mary maryam mateo mateus matteo matthew
    maximilian maya mehmet mei melissa mia michael michał michelle miguel mihai mikhail
    mila milan min mina ming miriam mohamed mohammad mohammed monica moritz mthunzi
    muhammad musa nadia nadine naledi nam nana naoko natalia natasha nathan neha nia
    nicholas nicola nicolas niels nikhil niklas nikola nikolai nikos nina nisha noah noor
    nora nozomi nuno obinna olga oliver olivia oluwadamilare oluwaseun omar oscar oskar
    pablo paolo parisa patricia patrick paul paula pavel pedro peter petra philipp pierre
    piotr pooja pradeep prakash pranav preeti priya priyanka qiang rachel rafael rahul raj
    rajesh ramón rana rashid ravi rebecca reza ricardo richard rita robert roberto rodrigo
    rohan roman rosa ruben rui ryan ryo sabrina sakura salma salvatore sam samantha sami
    samir samuel sandeep sandra sanjay santiago sara sarah sasha satoshi sean sebastian
    selin seo-yeon sergei sergio seung shanice shira shirin shreya siddharth simon simone
    siobhan siddhi sipho sita sofia sofía soo sophia sophie sota stefan stefano stephanie
    stephen steven sun sunil susan suresh svetlana sven tamar tanaka tanvi tara tatiana
    teresa thabo thandiwe theo thomas tiago tim timothy tobias tom tomas tomás tomasz
    tommaso tunde uchenna ulrich umar usha valentina valeria vanessa vasil vera veronica
    victoria vikram vincent vivek vladimir wang wanjiru wei wen william wojciech xavier
    xiao xin xochitl yan yang yasmin yara yaw yemi yerlan yi yoshiko young yu yuki yuna
    yusuf yuto zainab zanele zara zeynep zhang zhao zhou zoe zofia
    rick ricky bob bobby jenny jen marco sam sammy tony toni greg ken kenny steve stevie mike
    mikey matt dan danny nick nicky jim jimmy joe joey jake josh liz beth becky becca kathy
    cathy sally molly polly tina gina lena nate ted teddy ron ronnie phil phillip pete dave
    davey zack zach zoey abby allie ally amelia aria ava brooke carly casey chelsea claire
    cody colton dakota dallas dana derrick dominic donna doug ed eddie elliot emmett eric
    erica ethan fred freddie gabe gemma gus harry hayley ian isla jackie jared jess jill
    joan jodie jody jon josie judy karl kelly kelsey kenneth kerry kirk kris kurt kyla lance
    larry leon lily lou lucy luther maddie madison marge mason maxine megan mel melanie
    meredith micah miles milo mitch morgan nadia natalie neil nolan norm olive oscar owen
    paige pam parker patty perry quinn rachel ralph randy ray reed rex riley rob robbie
    rod rodney roger ross roy ruth ryan sadie sandra sara scott sean seth shane shannon
    sharon shawn sheila sid simon skyler sophie spencer stan stella stuart sue susie tad
    tammy tanya taylor terry tess theo tia tim timmy toby todd tracy travis trevor troy
    tyler val vic vince wally walt warren wendy wes whitney willa wyatt yvonne zane
    aarav abhinav aditi aditya akash akshay alok amrita anil anjali ankita anupam aparna
    arvind bhavna chandra deepa dev devika dinesh gita gopal hari hema indira jaya jyoti
    kapil karthik kiran lata madhu mahesh manish meera mohan mukesh nandini naveen nikita
    nitin padma pallavi prem rahim rakesh ramesh ravi rekha ritu rohit sachin sameer sanjay
    santosh shalini shankar shanti shiv shweta sonia srinivas sudha sumit sunita swati tarun
    uma varun vijay vinay yash
    ade akin ama amani ayo baraka chidera chinwe dayo efe ekene emeka folake funmi ife ike
    jabari jomo kamau kayode kemi kofi lerato lindiwe mandla nkechi nneka ngozi obi ola
    olumide seun sizwe tendai themba tolu zola
    hao hui jie jun kang lei li mei ming ning ping qing rong shu tao ting wen xia xiu yong
    yun zhen zhi akiko daichi emi haruto hina kenta kouki mai mayu ren riku shota takumi yui
    yusuke minho jisoo jiwoo seojun hyejin sungmin dong-hyun ji-woo
    ahmet ayse burak can cem deniz ebru emine hakan mustafa ozan serkan tuncay yasin
    agata bartosz dorota grzegorz kasia krzysztof lukasz marek michal pawel tomek zbigniew
    anastasiya dasha igor katya masha natasha olga oleg pasha sveta vova yuri
    anders bjørn erik freja ingrid kari lars magnus nils oskar sigrid solveig stig tove
    ahmad amir farid hadi hossein leila mahsa maryam navid neda parisa reza sara shirin
    fatemeh omid yasmin karim rania youssef khaled nour layla salma tariq hana
    diego lucho luz mateo nico paco pilar ramiro rocio sebas valentina ximena
    joão thiago rafaela camila bruna leticia gustavo vinicius
        """)

# Irregular past participles; "should have <participle>" is hindsight, "should have a gate"
# is a proposal.
IRREGULAR_PARTICIPLES = (
    "been|known|seen|done|gone|taken|caught|made|run|written|told|given|built|set|put|kept|"
    "left|thought|brought|found|got|gotten|spoken|shown|begun|chosen|drawn|driven|fallen|"
    "forgotten|hidden|held|hit|hurt|let|meant|paid|read|said|sent|shut|split|spent|stood|"
    "struck|thrown|understood|won|heard|felt|lost|met|sold|taught|woken|ridden|broken|"
    "frozen|stolen|shaken|undone|rerun|rebuilt|redone|rewritten|withdrawn|foreseen|had|"
    "spotted|dug|swept|overseen|overlooked"
)
